from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from music.models.production import production_works
from music.models.projects import MusicProjectPage, MusicVideo, essays_about
from music.models.releases import ReleasePage
from music.models.shows import ShowPage
from music.models.studio import StudioPage
from music.timeline import (
    ENTRY_KINDS,
    build_timeline,
    chosen_kind,
    essay_lines,
    production_entries,
    project_spans,
    show_entries,
)
from music.visibility import public
from portfolio.pages.cards import prefetch_renditions
from portfolio.pages.page_urls import live_page_urls
from portfolio.pages.text import CleanInput

# The size of a release's cover and of a video's still on its line.
PICTURE_SIZES = {"release": "fill-96x96", "video": "fill-160x90"}
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
        projects = list(public(MusicProjectPage.objects.child_of(self).live()))
        project_slug = request.GET.get("project") or None
        shown = [project for project in projects if project_slug in (None, project.slug)]
        if project_slug and not shown:
            raise Http404(f"There is no music project '{project_slug}'.")
        kind = chosen_kind(request)

        def wanted(entry_kind):
            return kind in (None, entry_kind)

        # Only the entries asked for are queried: one query for each kind, however many there are.
        releases = []
        if wanted("release"):
            releases = public(ReleasePage.objects.descendant_of(self).live()).select_related("cover")
        videos = (
            MusicVideo.objects.filter(page__in=[project.pk for project in shown]).select_related("thumbnail")
            if wanted("video")
            else []
        )
        # A thousand essays are a thousand lines here; a tag shared ties each to the project it is about.
        essays = essay_lines(essays_about(shown), live_page_urls()) if wanted("essay") else []
        # Every show at once (the timeline lists them all); the next few are also named above the years.
        shows = list(self.shows().prefetch_related("projects")) if wanted("show") else []
        more = show_entries(request, self.shows_of(shows, shown) if project_slug else shows, shown)
        if wanted("production") and not project_slug:
            more += production_entries(production_works())
        context["timeline"] = build_timeline(request, shown, releases, videos, essays, kind, more)
        # The covers' and stills' renditions in one query, where an image tag a line read the cache and wrote it
        # back: two round trips a picture, 600 for the 300 of `make bench`'s timeline.
        pictured = [entry for group in context["timeline"] for entry in group.entries if entry.picture]
        prefetch_renditions((entry.picture for entry in pictured), *PICTURE_SIZES.values())
        for entry in pictured:
            size = PICTURE_SIZES[entry.kind]
            entry.rendition = entry.picture.get_renditions(size)[size]
        context.update(projects=projects, project_slug=project_slug, kind=kind, kinds=ENTRY_KINDS)
        context["spans"] = project_spans(projects)
        if not (kind or project_slug):
            now = timezone.now()
            upcoming = sorted((show for show in shows if show.over_at > now), key=lambda show: show.starts_at)
            context.update(upcoming_shows=upcoming[:UPCOMING_SHOWN], has_shows=bool(shows))
            context["studio"] = public(StudioPage.objects.child_of(self).live()).first()
        return context

    @staticmethod
    def shows_of(shows, projects):
        """The shows any of these projects played."""
        ids = {project.pk for project in projects}
        return [show for show in shows if any(project.pk in ids for project in show.projects.all())]

    def shows(self):
        return public(ShowPage.objects.child_of(self).live())

    @path("shows/", name="shows")
    def show_list(self, request):
        """Every show, the upcoming ones first (soonest first), then the past ones (latest first)."""
        shows = list(self.shows().order_by("starts_at", "pk").prefetch_related("projects"))  # one read for both lists
        now = timezone.now()
        context = Page.get_context(self, request)  # the page, without the timeline get_context builds
        context.update(
            upcoming=[show for show in shows if show.over_at > now],
            past=[show for show in reversed(shows) if show.over_at <= now],
            meta_title="Shows",
            meta_description=f"Upcoming and past shows: {self.title}.",
            route_crumb="Shows",
        )
        return TemplateResponse(request, "music/music_timeline_shows.html", context)
