from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from music.models.production import ProductionWork
from music.models.projects import MusicProjectPage, MusicVideo, essays_sharing
from music.models.releases import ReleasePage
from music.models.shows import ShowPage
from music.models.studio import StudioPage
from music.timeline import ENTRY_KINDS, build_timeline, chosen_kind, production_entries, show_entries
from portfolio.models import AboutPage
from portfolio.pages.text import CleanInput

# The soonest shows the timeline names above its years; the shows page has them all.
UPCOMING_SHOWN = 3


class MusicTimelinePage(CleanInput, RoutablePageMixin, Page):
    """Every music project, release, video and music essay on one page, newest year first."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["portfolio.ProjectIndexPage"]
    subpage_types = ["music.MusicProjectPage", "music.ShowPage", "music.StudioPage"]
    max_count = 1
    card_template = "music/cards/music_timeline_card.html"

    class Meta:
        verbose_name = "music timeline"

    @property
    def description(self):
        return self.search_description

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        projects = list(MusicProjectPage.objects.child_of(self).live().public().prefetch_related("tags"))
        project_slug = request.GET.get("project") or None
        shown = [project for project in projects if project_slug in (None, project.slug)]
        if project_slug and not shown:
            raise Http404(f"There is no music project '{project_slug}'.")
        kind = chosen_kind(request)

        def wanted(entry_kind):
            return kind in (None, entry_kind)

        # Only the entries asked for are queried: one query for each kind, however many there are.
        releases = ReleasePage.objects.descendant_of(self).live().public() if wanted("release") else []
        videos = MusicVideo.objects.filter(page__in=[project.pk for project in shown]) if wanted("video") else []
        tags = {tag for project in shown for tag in project.tags.all()}
        # A thousand essays are a thousand lines here: only what a line shows is read.
        essays = essays_sharing(tags).only("title", "date", "url_path") if wanted("essay") and tags else []
        more = self.show_entries(request, shown, project_slug) if wanted("show") else []
        if wanted("production") and not project_slug:
            more += self.production_entries(request)
        context["timeline"] = build_timeline(request, shown, releases, videos, essays, kind, more)
        context.update(projects=projects, project_slug=project_slug, kind=kind, kinds=ENTRY_KINDS)
        if not (kind or project_slug):
            context["upcoming_shows"] = list(self.shows().upcoming().prefetch_related("projects")[:UPCOMING_SHOWN])
            context["has_shows"] = bool(context["upcoming_shows"]) or self.shows().exists()
            context["studio"] = StudioPage.objects.child_of(self).live().public().first()
        return context

    def production_entries(self, request):
        """The work for clients, each linking to the About page, which tells it all (or to nothing without one)."""
        works = list(ProductionWork.objects.all())
        about = AboutPage.objects.live().public().first() if works else None
        url = f"{about.get_url(request)}#production-work" if about else ""
        return production_entries(works, url)

    def shows(self):
        return ShowPage.objects.child_of(self).live().public()

    def show_entries(self, request, shown, project_slug):
        shows = self.shows().prefetch_related("projects")
        if project_slug:
            shows = shows.filter(projects__in=shown).distinct()
        return show_entries(request, shows, shown)

    @path("shows/", name="shows")
    def show_list(self, request):
        """Every show, the upcoming ones first (soonest first), then the past ones (latest first)."""
        shows = self.shows().prefetch_related("projects")
        context = Page.get_context(self, request)  # the page, without the timeline get_context builds
        context.update(
            upcoming=list(shows.upcoming()),
            past=list(shows.past()),
            meta_title="Shows",
            meta_description=f"Upcoming and past shows: {self.title}.",
            route_crumb="Shows",
        )
        return TemplateResponse(request, "music/music_timeline_shows.html", context)
