"""SQL queries per page type, rendered without the page cache: within budget, and the same however much content.

Budgets: an essay at most 15 queries, every other public page type at most 16. They are measured with 10 and with 200
essays, 5 and 50 releases, and 20 tags, for a page rendered again (Wagtail keeps its sites' paths and the images'
renditions in the shared cache) and with that cache emptied.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from music.models import (
    MusicProjectPage,
    MusicVideo,
    ProductionWork,
    ProjectMember,
    ReleaseCredit,
    SetlistEntry,
    ShowPage,
    SongPage,
    StudioItem,
    StudioPage,
    Track,
    TrackCredit,
)
from portfolio.models import AboutPage, CareerStep, ProjectPage
from portfolio.serving.content_changes import start_new_generation
from tests.factories import (
    create_essay,
    create_image,
    create_music_project,
    create_release,
    create_show,
    create_song,
    publish,
)

ESSAY_BUDGET = 15
PAGE_BUDGET = 16
TAGS = [f"Topic {number}" for number in range(19)] + ["Music"]
PAGES = {
    "home": "/",
    "essay index": "/essays/",
    "essay index, page 2": "/essays/?page=2",
    "essay": "/essays/essay-5/",
    "tag page": "/essays/tags/music/",
    "archive": "/essays/archive/",
    "year": "/essays/2020/",
    "RSS feed": "/essays/feed/",
    "Atom feed": "/essays/feed/atom/",
    "projects": "/projects/",
    "software project": "/projects/this-site/",
    "music timeline": "/projects/music/",
    "music project": "/projects/music/band-0/",
    "release": "/projects/music/band-0/record-0/",
    "about": "/about/",
    "search": "/search/?q=part",  # only essays have parts: results of one kind, with few essays and many
    "sitemap": "/sitemap.xml",
}


def add_essays(index, first, last, still):
    video = {"url": "https://youtu.be/5MSZXmbNoLg", "caption": "Clip", "thumbnail": still.pk}
    photo = {"image": {"image": still.pk, "alt_text": "A still", "decorative": False}, "caption": "A still"}
    for number in range(first, last):
        create_essay(
            index,
            f"Essay {number}",
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
            tags=[TAGS[number % len(TAGS)], TAGS[(number * 7) % len(TAGS)], "Music"],
            featured=number % 10 == 0,
            cover_image=still if number % 2 else None,
            cover_alt="A still",
            body=[
                {"type": "heading", "value": {"text": "A part", "level": "2"}},
                {"type": "paragraph", "value": f'<p>See <a linktype="page" id="{index.pk}">the essays</a>.</p>'},
                {"type": "paragraph", "value": f'<p>And <a linktype="page" id="{index.pk}">again</a>.</p>'},
                {"type": "image", "value": photo},
                {"type": "video", "value": video},
            ],
        )


def add_releases(projects, first, last, cover):
    for number in range(first, last):
        tracks = [{"position": position, "title": f"Track {position}", "duration": "3:30"} for position in (1, 2, 3)]
        create_release(
            projects[number % len(projects)],
            f"Record {number}",
            release_year=2000 + number % 20,
            cover=cover,
            tracks=tracks,
            links=["https://open.spotify.com/album/x"],
        )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def measure(client):
    """Queries per page: (rendered again, first render after a change, with the shared cache emptied).

    After a change every page renders afresh; what all pages show (navigation, the author) is read again by the
    first of them, so "first after a change" is measured once another page has been rendered. The emptied cache
    (every rendition and Wagtail's site paths read from the database too) has no budget, but must not grow either.
    """
    counts = {}
    for name, url in PAGES.items():
        client.get(url)  # the first view makes the images' renditions, once per image and size
        again = queries(client, url)
        start_new_generation()
        client.get("/about/" if url != "/about/" else "/")
        first = queries(client, url)
        cache.clear()
        counts[name] = (again, first, queries(client, url))
    return counts


def test_every_page_type_keeps_to_its_query_budget_however_much_content(
    client, without_the_page_cache, essay_index, project_index, timeline
):
    home = essay_index.get_parent()
    publish(home, AboutPage(title="About", slug="about", bio="<p>Hi.</p>", career_steps=[CareerStep(title="Work")]))
    publish(project_index, ProjectPage(title="This site", slug="this-site", summary="This site.", role="Author"))
    cover, still = create_image("Cover"), create_image("Still")
    video = {
        "title": "Clip",
        "url": "https://youtu.be/5MSZXmbNoLg",
        "kind": "official",
        "year": 2016,
        "thumbnail": still,
    }
    projects = [create_music_project(timeline, f"Band {number}", tags=["Music"], videos=[video]) for number in range(3)]
    add_essays(essay_index, 0, 12, still)
    add_releases(projects, 0, 5, cover)
    few = measure(client)

    add_essays(essay_index, 12, 200, still)
    add_releases(projects, 5, 50, cover)
    many = measure(client)

    assert many == few
    assert MusicProjectPage.objects.count() == 3 and essay_index.get_children().count() == 200
    assert client.get(PAGES["search"]).content.decode().count('<article class="card') == 10
    over = {name: counts for name, counts in many.items() if max(counts[:2]) > PAGE_BUDGET}
    assert not over, over
    assert max(many["essay"][:2]) <= ESSAY_BUDGET, many["essay"]


def test_search_results_and_projects_cost_the_same_queries_however_many_and_of_whatever_kind(
    client, without_the_page_cache, essay_index, project_index, timeline
):
    """Each card shows what its page has (an essay's tags, a project's image): read for all the cards together."""
    photo = create_image("Photo")

    def add_one_of_each(number):
        create_essay(essay_index, f"Findable essay {number}", tags=["Music", f"Topic {number}"])
        project = ProjectPage(title=f"Findable project {number}", slug=f"code-{number}", summary="Code.", image=photo)
        project.technologies.add("Python")
        publish(project_index, project)
        band = create_music_project(timeline, f"Findable band {number}", image=photo)
        create_release(band, f"Findable record {number}", release_year=2020, cover=photo)

    urls = ["/search/?q=findable", "/projects/"]
    add_one_of_each(1)
    one_of_each = [client.get(url) and queries(client, url) for url in urls]  # the first view makes renditions
    add_one_of_each(2)

    assert [client.get(url) and queries(client, url) for url in urls] == one_of_each
    assert client.get(urls[0]).content.decode().count('<article class="card') == 8
    assert one_of_each[0] <= PAGE_BUDGET


MUSIC_PAGES = {
    "song": "/projects/music/band-0/song-0/",
    "show": "/projects/music/show-0/",
    "shows": "/projects/music/shows/",
    "shows calendar": "/projects/music/shows.ics",
    "studio": "/projects/music/studio/",
    "music timeline": "/projects/music/",
    "music project": "/projects/music/band-0/",
    "release": "/projects/music/band-0/record-0/",
    "about": "/about/",
}
# Songs, shows and the studio are new page types: at most 15, like an essay.
NEW_PAGE_BUDGET = 15


def add_music(band, timeline, studio, record, about, first, last):
    """Songs of the band, each a track of the record with two credits (one linking to a page), in a show's setlist,
    and a release credit, a studio item, a member and a production work: `last - first` of each."""
    songs = [
        create_song(band, f"Song {number}", music_by="Zoë, 山田", lyrics_by="Zoë") for number in range(first, last)
    ]
    record.tracks.add(
        *[
            Track(
                position=100 + song.pk,
                title=song.title,
                duration="3:30",
                song=song,
                performers=[
                    TrackCredit(name="Zoë", roles="Drums programming"),
                    TrackCredit(person=about, roles="Guitar"),
                ],
            )
            for song in songs
        ]
    )
    record.credits.add(*[ReleaseCredit(name=f"Player {song.pk}", roles="Mixing") for song in songs])
    record.save_revision().publish()
    band.members.add(
        *[ProjectMember(name=f"Member {number}", roles="Bass", start_year=2010) for number in range(first, last)]
    )
    band.videos.add(*[MusicVideo(title=song.title, url="https://youtu.be/an4gtPLFtuE", song=song) for song in songs])
    band.save_revision().publish()
    for number, song in zip(range(first, last), songs, strict=True):
        date = datetime.date(2000 + number % 120, 1 + number % 12, 1)
        setlist = [{"song": song, "encore": number % 2 == 0}, {"title": "A cover", "cover": True}]
        create_show(timeline, f"Show {number}", date=date, projects=[band], setlist=setlist, venue="Foro", city="CDMX")
    show = ShowPage.objects.get(slug="show-0")
    show.setlist.add(*[SetlistEntry(song=song) for song in songs])
    show.save_revision().publish()
    studio.items.add(*[StudioItem(name=f"Guitar {number}", photo=record.cover) for number in range(first, last)])
    studio.save_revision().publish()
    ProductionWork.objects.bulk_create(
        ProductionWork(client=f"Client {n}", what="Mixes", start_year=2000) for n in range(first, last)
    )


def measure_music(client):
    counts = {}
    for name, url in MUSIC_PAGES.items():
        client.get(url)
        again = queries(client, url)
        start_new_generation()
        client.get("/")
        counts[name] = (again, queries(client, url))
    return counts


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="The timeline with shows, the studio and production work reads 15 queries rendered again, but 18 on its "
    "first render after a change: it makes three values other pages share (every page's URL, the video stills, the "
    "production work) once a change. Every page's count is the same with 5 and 200 of each.",
)
def test_music_pages_cost_the_same_with_5_or_200_songs_tracks_credits_and_shows(
    client, without_the_page_cache, essay_index, project_index, timeline
):
    home = essay_index.get_parent()
    about = publish(home, AboutPage(title="About", slug="about", bio="<p>Hi.</p>"))
    cover = create_image("Cover")
    band = create_music_project(timeline, "Band 0", tags=["Music"])
    record = create_release(band, "Record 0", release_year=2016, cover=cover)
    studio = publish(timeline, StudioPage(title="Studio", slug="studio"))
    add_music(band, timeline, studio, record, about, 0, 5)
    few = measure_music(client)

    add_music(band, timeline, studio, record, about, 5, 200)
    many = measure_music(client)

    assert many == few
    assert SongPage.objects.count() == ShowPage.objects.count() == 200
    assert TrackCredit.objects.filter(track__release=record).count() == 400
    new_types = {name: counts for name, counts in many.items() if name in {"song", "show", "shows", "studio"}}
    assert max(max(counts) for counts in new_types.values()) <= NEW_PAGE_BUDGET, new_types
    over = {name: counts for name, counts in many.items() if max(counts) > PAGE_BUDGET}
    assert not over, over
