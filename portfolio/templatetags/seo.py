"""What a page tells search engines and link previews: title, description, canonical URL, image, JSON-LD."""

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.images.models import Filter
from wagtail.models import Site

from portfolio.models import AuthorSettings
from portfolio.pages.site_url import absolute_url
from portfolio.pages.structured_data import breadcrumb_list, to_script

register = template.Library()

SOCIAL_IMAGE_FILTER = Filter("fill-1200x630|format-jpeg")
# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160


@register.simple_tag(takes_context=True)
def page_meta(context):
    """The meta data of the page (or route or view) being shown; routes and views override with meta_* variables."""
    request = context["request"]
    page = context.get("page")
    meta = {
        # The author's name is the site's name: one place to set it, Settings → Author.
        "site_name": AuthorSettings.for_request(request).name,
        "title": context.get("meta_title") or (page and (page.seo_title or page.title)) or "",
        "description": description(context, page),
        "url": canonical_url(request),
        "type": getattr(page, "og_type", "website"),
        "image": None,
    }
    image = getattr(page, "social_image", None) if "meta_title" not in context else None
    alt = getattr(page, "social_image_alt", None) if image else None
    if image is None:
        image = AuthorSettings.for_request(request).social_image
    if image:
        social = social_rendition(image)
        meta["image"] = {
            "url": absolute_url(request, social.url),
            "width": social.width,
            "height": social.height,
            "alt": alt or image.contextual_alt_text or image.default_alt_text,
        }
    return meta


def social_rendition(image):
    """The image as link previews show it: 1200×630, cropped around its focal point."""
    return image.get_renditions(SOCIAL_IMAGE_FILTER)[SOCIAL_IMAGE_FILTER.spec]


def description(context, page):
    """What the page says it is about (page_summary); failing that, the author."""
    found = context.get("meta_description") or (page and page_summary(page))
    return found or AuthorSettings.for_request(context["request"]).bio


@register.simple_tag
def page_summary(page):
    """What the page says it is about; failing that, the start of its introduction (a home or about page, whose
    cards in search results would otherwise show their title alone)."""
    found = page.search_description or getattr(page, "description", "")
    lead = getattr(page, "intro", "") or getattr(page, "bio", "")
    if not found and lead:
        found = Truncator(" ".join(strip_tags(lead).split())).chars(DESCRIPTION_LENGTH)
    return found


def canonical_url(request):
    """The absolute URL of this page: its path, plus the listing page number past the first."""
    url = absolute_url(request, request.path)
    page_number = request.GET.get("page")
    return f"{url}?page={page_number}" if page_number and page_number != "1" else url


@register.simple_tag(takes_context=True)
def structured_data(context, meta):
    """JSON-LD script elements: what the page says of itself, and breadcrumbs below the home page."""
    request = context["request"]
    page = context.get("page")
    items = list(page.structured_data(request, meta)) if hasattr(page, "structured_data") else []
    crumbs = breadcrumbs(request, page, context.get("route_crumb"), meta["url"])
    if len(crumbs) > 1:
        items.append(breadcrumb_list(crumbs))
    scripts = (f'<script type="application/ld+json">{to_script(item)}</script>' for item in items if item)
    return mark_safe("\n".join(scripts))


def breadcrumbs(request, page, route_crumb, url):
    """(name, absolute URL) from the site's home page down to what is shown."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    home = site.root_page
    trail = page.get_ancestors(inclusive=True).filter(depth__gte=home.depth).live() if page else [home]
    crumbs = [(crumb.title, crumb.get_full_url(request)) for crumb in trail]
    if route_crumb:
        crumbs.append((route_crumb, url))
    return crumbs
