from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from music.models import ProductionWork


class ProductionWorkViewSet(SnippetViewSet):
    """Production work in the admin's menu, listed by client with when and what."""

    model = ProductionWork
    icon = "media"
    menu_label = "Production work"
    add_to_admin_menu = True
    list_display = ["client", "what", "when"]
    search_fields = ["client", "what"]


register_snippet(ProductionWorkViewSet)
