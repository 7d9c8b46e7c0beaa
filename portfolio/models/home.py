from django.http import Http404
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portfolio.models.author import AuthorSettings
from portfolio.pages.site_url import absolute_url
from portfolio.pages.structured_data import person, website
from portfolio.pages.text import CleanInput


class HomePage(CleanInput, Page):
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
        """Finds the deepest page the path names in one query, by its URL path, and lets it route the rest (a routable
        page's tag or feed). Wagtail's own route takes two queries a level: a release page, four levels down, made 16
        queries instead of 10 (tests/test_query_budgets.py)."""
        if not path_components:
            return super().route(request, path_components)
        paths = [
            self.url_path + "".join(f"{part}/" for part in path_components[:depth])
            for depth in range(1, 1 + len(path_components))
        ]
        found = Page.objects.filter(slug__in=path_components, url_path__in=paths).order_by("-depth").first()
        if found is None:
            raise Http404
        return found.specific.route(request, path_components[found.depth - self.depth :])

    def structured_data(self, request, meta):
        home_url = self.get_full_url(request)
        search_url = absolute_url(request, reverse("search"))
        author = AuthorSettings.for_request(request)
        return [website(meta["site_name"] or self.title, home_url, search_url), person(author, home_url)]
