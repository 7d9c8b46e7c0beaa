from django import template
from wagtail.models import Site

from portfolio.models import AuthorSettings
from portfolio.serving.content_changes import cached

register = template.Library()


@register.inclusion_tag("portfolio/navigation.html", takes_context=True)
def main_navigation(context):
    """The home page's children and grandchildren marked "show in menus", in tree order; the current section marked."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    home = site.root_page
    items = cached(
        f"navigation:{site.pk}",
        lambda: list(
            home.get_descendants().filter(depth__lte=home.depth + 2).live().public().in_menu().order_by("path")
        ),
    )
    current = context.get("page")
    within = [item for item in items if current and current.url_path.startswith(item.url_path)]
    current_section = max(within, key=lambda item: item.depth, default=None)
    return {"items": items, "current_section": current_section, "page": current, "request": request}


@register.simple_tag(takes_context=True)
def author_settings(context):
    """The author's name, bio and profile links, for the footer."""
    return AuthorSettings.for_request(context["request"])
