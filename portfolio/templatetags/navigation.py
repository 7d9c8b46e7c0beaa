from django import template
from wagtail.models import Site
from wagtail.templatetags.wagtailcore_tags import pageurl

from portfolio.content_cache import cached
from portfolio.live_pages import live_pages
from portfolio.models import AuthorSettings
from portfolio.visibility import pages

register = template.Library()


@register.inclusion_tag("portfolio/navigation.html", takes_context=True)
def main_navigation(context):
    """The home page's children and grandchildren marked "show in menus", in tree order; the current section marked."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    # The Site comes with its home page (portfolio.sites): no query, no cache read.
    root_path, depth = site.root_page.url_path, site.root_page.depth
    items = cached(
        f"navigation:{site.pk}",
        lambda: list(
            pages()
            .live()
            .public()
            .in_menu()
            .filter(url_path__startswith=root_path, depth__in=(depth + 1, depth + 2))
            .order_by("path")
        ),
    )
    current = context.get("page")
    within = [item for item in items if current and current.url_path.startswith(item.url_path)]
    current_section = max(within, key=lambda item: item.depth, default=None)
    return {"items": items, "current_section": current_section, "page": current, "request": request}


@register.simple_tag(takes_context=True)
def author_settings(context):
    """The author's name, bio and profile links, for the footer."""
    return AuthorSettings.current(context["request"])


@register.simple_tag(takes_context=True)
def page_url(context, page):
    """A page's URL, from the cached map of live pages: Wagtail's pageurl reverses a URL for every link, which
    costs a listing of twenty cards more than the rest of each card. Pages not live (a preview's) go to pageurl."""
    live = live_pages().by_id.get(page.pk)
    return live.url if live else pageurl(context, page)
