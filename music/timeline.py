"""The music timeline: projects starting and ending, releases, videos and music essays, by year."""

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.http import Http404

from portfolio.pages.video_stills import still_of

ENTRY_KINDS = [
    ("project", "Projects"),
    ("release", "Releases"),
    ("video", "Videos"),
    ("essay", "Essays"),
    ("show", "Shows"),
    ("production", "Production work"),
]


@dataclass
class Entry:
    kind: str  # one of ENTRY_KINDS
    year: int | None
    order: tuple  # finer than the year: month, day, then kind
    title: str
    url: str
    detail: str
    project: object = None  # an essay's: the first project it shares a tag with
    picture: object = None  # a release's cover, a video's still
    rendition: object = None  # the picture at the size the line shows it

    @property
    def note(self):
        """What follows the title: the project a release, video or show is of, or an essay is about."""
        if self.project is None or self.kind in ("project", "production"):
            return ""
        return f"about {self.project.title}" if self.kind == "essay" else self.project.title


@dataclass
class EssayLine:
    title: str
    date: datetime.date
    url: str
    projects: set  # the ids of the projects it shares a tag with


def essay_lines(rows, urls):
    """What the timeline shows of each essay, from (pk, title, date, project pk) rows: a thousand essays read as
    pages, with their tags prefetched and their URLs worked out, took 290 ms of the timeline's 500; so, 5 ms."""
    lines = {}
    for pk, title, date, project in rows:
        lines.setdefault(pk, EssayLine(title, date, urls.get(pk, ""), set())).projects.add(project)
    return list(lines.values())


@dataclass
class YearGroup:
    year: int | None  # None: the entries whose year is not known
    entries: list


def build_timeline(request, projects, releases, videos, essays, kind=None, more=()):
    """The entries (of one kind, or all), grouped by year, newest first; entries of unknown year come last. A video
    without a year of its own takes its release's. Essays come as essay_lines(); more entries (shows…) come made by
    the functions below."""
    entries = list(more)
    release_years = {release.pk: release.release_year for release in releases}
    project_by_path = {project.path: project for project in projects}
    project_by_id = {project.pk: project for project in projects}
    for project in projects:
        url = project.get_url(request)
        what = project.get_kind_display()
        entries.append(Entry("project", project.start_year, (0, 0, 0), project.title, url, f"{what} started", project))
        if project.end_year:
            entries.append(Entry("project", project.end_year, (13, 0, 1), project.title, url, f"{what} ended", project))
    for release in releases:
        project = project_by_path.get(release.path[: -release.steplen])
        if project is None:  # a release whose project is not live
            continue
        order = (release.release_month or 0, release.release_day or 0, 2)
        detail = release.get_release_type_display()
        url = release.get_url(request)
        year = release.release_year
        entries.append(Entry("release", year, order, release.title, url, detail, project, release.cover))
    for video in videos:
        project = project_by_id[video.page_id]
        order = (video.date.month, video.date.day, 3) if video.date else (0, 0, 3)
        url = f"{project.get_url(request)}#{video.anchor}"
        year = video.timeline_year or release_years.get(video.release_id)
        picture = still_of(video.video, video.thumbnail)
        entries.append(Entry("video", year, order, video.title, url, video.get_kind_display(), project, picture))
    for essay in essays:
        order = (essay.date.month, essay.date.day, 4)
        about = next((project for project in projects if project.pk in essay.projects), None)
        entries.append(Entry("essay", essay.date.year, order, essay.title, essay.url, "Essay", about))

    entries = [entry for entry in entries if kind in (None, entry.kind)]
    known = sorted(
        (entry for entry in entries if entry.year), key=lambda entry: (entry.year, entry.order), reverse=True
    )
    groups = [YearGroup(year, list(group)) for year, group in groupby(known, key=lambda entry: entry.year)]
    unknown = [entry for entry in entries if not entry.year]
    if unknown:
        groups.append(YearGroup(None, unknown))
    return groups


@dataclass
class Span:
    project: object
    offset: int  # years from the first year of all
    length: int  # years, both ends counted


def project_spans(projects):
    """Each project's years on one scale, from the earliest start to the latest end (this year for one still going),
    as the timeline's bars draw them, and the projects without a start year, which have no bar."""
    this_year = datetime.date.today().year
    dated = [(project, project.start_year, project.end_year or this_year) for project in projects if project.start_year]
    undated = [project for project in projects if not project.start_year]
    if not dated:
        return {"spans": [], "undated": undated}
    first = min(start for _, start, _ in dated)
    last = max(end for _, _, end in dated)
    spans = [Span(project, start - first, max(1, end - start + 1)) for project, start, end in dated]
    return {"spans": spans, "undated": undated, "years": last - first + 1, "first": first, "last": last}


def show_entries(request, shows, projects):
    """A show is an entry of its year, under the first of the shown projects that played it."""
    project_by_id = {project.pk: project for project in projects}
    entries = []
    for show in shows:
        played = [project_by_id[project.pk] for project in show.projects.all() if project.pk in project_by_id]
        detail = "Show" if show.status == "scheduled" else f"Show ({show.get_status_display().lower()})"
        order = (show.date.month, show.date.day, 5)
        url = show.get_url(request)
        entries.append(Entry("show", show.date.year, order, show.title, url, detail, played[0] if played else None))
    return entries


def production_entries(works):
    """Work for a client is an entry of the year it started (or is known by), without a page of its own: the About
    page tells it all."""
    return [
        Entry("production", work.start_year, (0, 0, 6), f"{work.client}: {work.what}", "", "Production work")
        for work in works
    ]


def chosen_kind(request):
    """The ?kind= filter: one of ENTRY_KINDS, or None for all; anything else is a 404."""
    kind = request.GET.get("kind") or None
    if kind is not None and kind not in dict(ENTRY_KINDS):
        raise Http404(f"There is no '{kind}' kind of entry.")
    return kind
