"""The music side of the home page: the newest release or video, and the way to the timeline."""

from django import template
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from music.models import MusicProjectPage, MusicTimelinePage, MusicVideo, ReleasePage
from portfolio.pages.page_urls import private_sections
from portfolio.serving.content_changes import cached

register = template.Library()


@register.simple_tag
def latest_music():
    """The newest dated release, or failing one the newest video; and the timeline's URL: read once per change."""
    return cached("latest-music", newest_music)


def newest_music():
    """A release lives two levels below the timeline and a video on a project one level below it
    (parent_page_types), so the timeline's and the project's URLs are theirs without the last slugs."""
    newest = [F(field).desc(nulls_last=True) for field in ("release_year", "release_month", "release_day")]
    releases = ReleasePage.objects.live().exclude(private_sections()).select_related("cover")
    # The card names the band: its page is the release's parent, whose tree path is the release's less one step.
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    project_title = Subquery(Page.objects.filter(path=parent_path).values("title")[:1])
    release = releases.annotate(project_title=project_title).order_by(*newest, "-pk").first()
    if release:
        url = release.get_url()
        project = {"title": release.project_title, "url": url.rsplit("/", 2)[0] + "/"}
        return {"release": release, "project": project, "timeline_url": url.rsplit("/", 3)[0] + "/"}
    public_projects = MusicProjectPage.objects.live().exclude(private_sections())
    order = [F("date").desc(nulls_last=True), F("year").desc(nulls_last=True), "page__path", "sort_order"]
    video = MusicVideo.objects.filter(page__in=public_projects).select_related("page", "thumbnail").order_by(*order)
    video = video.first()
    if video:
        return {"video": video, "timeline_url": video.page.get_url().rsplit("/", 2)[0] + "/"}
    timeline = MusicTimelinePage.objects.live().exclude(private_sections()).first()
    return {"timeline_url": timeline.get_url() if timeline else ""}
