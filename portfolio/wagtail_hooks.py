from django.utils.html import escape
from wagtail import hooks
from wagtail.rich_text.pages import PageLinkHandler

from portfolio.pages.content_checks import use_content_checks
from portfolio.pages.page_urls import live_page_urls


class CachedPageLinkHandler(PageLinkHandler):
    """Wagtail reads the linked pages of each block of text in two queries (pages, then their own types): an essay
    of two linked paragraphs made 4, a feed of twenty such essays 80. From the map of live pages: none. A link to a
    page that is not live (a draft, a deleted page) is shown as text."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        urls = live_page_urls()
        links = (urls.get(int(attrs["id"])) if str(attrs.get("id")).isdigit() else None for attrs in attrs_list)
        return [f'<a href="{escape(url)}">' if url else "<a>" for url in links]


# After Wagtail's own registration (order 0), so that this handler replaces its page link handler.
@hooks.register("register_rich_text_features", order=1)
def register_cached_page_links(features):
    features.register_link_type(CachedPageLinkHandler)


hooks.register("construct_wagtail_userbar", use_content_checks)
