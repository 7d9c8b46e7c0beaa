from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("portfolio/navigation.html", takes_context=True)
def main_navigation(context):
    """The home page's children marked "show in menus", the current section marked."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    items = list(Page.objects.child_of(site.root_page).live().public().in_menu().specific(defer=True))
    current = context.get("page")
    for item in items:
        item.is_current = bool(current) and current.url_path.startswith(item.url_path)
    return {"items": items, "request": request}
