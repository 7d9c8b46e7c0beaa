import itertools

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portfolio.live_pages import live_pages
from portfolio.models.author import AuthorSettings
from portfolio.site_url import absolute_url
from portfolio.structured_data import person, website
from portfolio.visibility import CachedViewRestrictions


class HomePage(CachedViewRestrictions, Page):
    """The site's root: an introduction, then the essays worth reading first."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text="A few sentences about the author, shown at the top of the home page.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.EssayIndexPage", "portfolio.ProjectIndexPage", "portfolio.AboutPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def route(self, request, path_components):
        """Find the page a path names in the cached map of live pages, and load it alone, in one query, of its own
        type; then let it route the rest.

        Routable pages (the essay index's tag pages and feeds) get the components past the deepest live page.
        """
        if not path_components:
            return super().route(request, path_components)
        by_url_path = live_pages().by_url_path
        paths = [
            self.url_path + "".join(f"{part}/" for part in path_components[:depth])
            for depth in range(1, len(path_components) + 1)
        ]
        trail = list(itertools.takewhile(lambda path: path in by_url_path, paths))
        if not trail:
            raise Http404
        found = by_url_path[trail[-1]]
        page_type = ContentType.objects.get_for_id(found.content_type_id).model_class()
        page = page_type.objects.filter(pk=found.id).first()
        if page is None:  # deleted since the map was cached
            raise Http404
        return page.route(request, path_components[len(trail) :])

    def structured_data(self, request, meta):
        home_url = self.get_full_url(request)
        search_url = absolute_url(request, reverse("search"))
        author = AuthorSettings.current(request)
        return [website(meta["site_name"] or self.title, home_url, search_url), person(author, home_url)]
