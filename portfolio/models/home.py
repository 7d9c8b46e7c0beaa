from django.http import Http404
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.images.models import Filter
from wagtail.models import Page

from portfolio.models.author import AuthorSettings
from portfolio.models.projects import ProjectPage
from portfolio.pages.page_urls import private_sections
from portfolio.pages.site_url import absolute_url
from portfolio.pages.structured_data import person, website
from portfolio.pages.text import CleanInput
from portfolio.serving.content_changes import cached

# The author's portrait as search engines are given it, the size of the largest on the page.
PORTRAIT_FILTER = Filter("fill-320x320|format-jpeg")
# The software and career projects the home page shows; the project index has them all.
PROJECTS_ON_HOME = 4


class HomePage(CleanInput, Page):
    """The site's root: the author, then the essays, the music and the projects worth seeing first."""

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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["author"] = AuthorSettings.for_request(request)
        context["projects_url"], context["projects"] = cached(f"home-projects:{self.pk}", self.projects)
        return context

    def projects(self):
        """The project index and its first projects as cards, read once per change of content. The index's URL is
        its projects' without their own slug (project pages live only under it): two queries, not three."""
        projects = ProjectPage.objects.descendant_of(self).live().exclude(private_sections())
        projects = list(projects.select_related("image").prefetch_related("technologies")[:PROJECTS_ON_HOME])
        index_url = projects[0].get_url().rsplit("/", 2)[0] + "/" if projects else ""
        return index_url, projects

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
        portrait = None
        if author.portrait:
            rendition = author.portrait.get_renditions(PORTRAIT_FILTER)[PORTRAIT_FILTER.spec]
            portrait = absolute_url(request, rendition.url)
        return [website(meta["site_name"] or self.title, home_url, search_url), person(author, home_url, portrait)]
