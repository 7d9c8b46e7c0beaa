from django.contrib import messages
from django.urls import reverse
from django.utils.html import escape
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Site
from wagtail.rich_text.pages import PageLinkHandler

from portfolio.models import AuthorSettings
from portfolio.pages.content_checks import use_content_checks
from portfolio.pages.page_urls import live_page_urls
from portfolio.pages.video_stills import fetch_missing_stills, videos_on


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


class AuthorSetupPanel(Component):
    """Until the author's name is set the site has none: the dashboard says what Settings → Author waits for."""

    name = "author_setup"
    order = 10
    template_name = "portfolio/admin/author_panel.html"

    def __init__(self, missing):
        self.missing = missing

    def get_context_data(self, parent_context):
        edit_url = reverse("wagtailsettings:edit", args=["portfolio", "authorsettings"])
        return {"missing": self.missing, "edit_url": edit_url}


@hooks.register("construct_homepage_panels")
def add_author_setup_panel(request, panels):
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    author = AuthorSettings.for_site(site) if site else None
    if author is not None and not author.name:
        panels.append(AuthorSetupPanel(author.missing()))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def fetch_video_stills(request, page):
    """Each new video's still, fetched once as the page is saved; the author hears of any that could not be."""
    for warning in fetch_missing_stills(videos_on(page)):
        messages.warning(request, warning)
