"""The essay editor's form: it says which of the two descriptions search engines are shown."""

from wagtail.admin.forms import WagtailAdminPageForm

SHOWS_DESCRIPTION = (
    "Shown in listings, feeds and search results, and to search engines as the page's meta description, unless the "
    "Promote tab's “Meta description” is filled in."
)
SHOWS_META_DESCRIPTION = (
    "Shown in listings, feeds and search results. Search engines are shown the Promote tab's “Meta description” "
    "instead, because it is filled in; empty it to show them this one."
)
META_DESCRIPTION = (
    "Leave it blank: search engines are then shown the essay's description (Content tab). Fill it in only to show "
    "them other words than readers of the site see."
)
META_DESCRIPTION_SHOWN = (
    "Search engines are shown this, not the essay's description (Content tab). Empty it to show them the description."
)


class EssayPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        overridden = bool(self.instance.search_description)
        self.fields["description"].help_text = SHOWS_META_DESCRIPTION if overridden else SHOWS_DESCRIPTION
        self.fields["search_description"].help_text = META_DESCRIPTION_SHOWN if overridden else META_DESCRIPTION
