"""The shows' calendar, at <music timeline>/shows.ics: a file name, which Wagtail's page routes cannot serve."""

from django.http import Http404, HttpResponse
from wagtail.models import Site

from music.calendar import calendar
from music.models import MusicTimelinePage, ShowPage
from music.visibility import public


def shows_calendar(request, timeline_path):
    """Every published show of the timeline at /<timeline_path>, soonest first, as iCalendar."""
    site = Site.find_for_request(request)
    timeline = public(MusicTimelinePage.objects.live()).in_site(site).first() if site else None
    if timeline is None or timeline.get_url(request) != f"/{timeline_path}":
        raise Http404("There is no music timeline here.")
    shows = public(ShowPage.objects.child_of(timeline).live()).order_by("starts_at", "pk").prefetch_related("projects")
    host = request.get_host().split(":")[0]
    text = calendar(shows, f"{timeline.title}: shows", host, lambda show: show.get_full_url(request))
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="shows.ics"'
    return response
