from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from music.models.projects import MusicProjectPage, MusicVideo, essays_sharing
from music.models.releases import ReleasePage
from music.timeline import ENTRY_KINDS, build_timeline, chosen_kind, project_spans
from portfolio.pages.text import CleanInput


class MusicTimelinePage(CleanInput, Page):
    """Every music project, release, video and music essay on one page, newest year first."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["portfolio.ProjectIndexPage"]
    subpage_types = ["music.MusicProjectPage"]
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
        releases = (
            ReleasePage.objects.descendant_of(self).live().public().select_related("cover")
            if wanted("release")
            else ReleasePage.objects.none()
        )
        videos = (
            MusicVideo.objects.filter(page__in=[project.pk for project in shown])
            if wanted("video")
            else MusicVideo.objects.none()
        ).select_related("thumbnail")
        tags = {tag for project in shown for tag in project.tags.all()}
        # A thousand essays are a thousand lines here: only what a line shows is read, and their tags tie each to
        # the project it is about.
        essays = (
            essays_sharing(tags).only("title", "date", "url_path").prefetch_related("tags")
            if wanted("essay") and tags
            else []
        )
        context["timeline"] = build_timeline(request, shown, releases, videos, essays, kind)
        context.update(projects=projects, project_slug=project_slug, kind=kind, kinds=ENTRY_KINDS)
        context["spans"] = project_spans(projects)
        return context
