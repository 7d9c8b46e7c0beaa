import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from blog.models import EssayPage
from music.models import MusicProjectPage, MusicTimelinePage, ReleasePage, ShowPage, SongPage, StudioPage
from portfolio.models import AuthorSettings, HomePage, ProjectIndexPage, ProjectPage
from tests.factories import (
    create_home,
    create_image,
    create_music_project,
    create_project_index,
    create_release,
    create_timeline,
    publish,
)
from tests.test_pages import loaded_urls

ORIGIN = "http://localhost"
DRIED_BY_TIME = {"title": "Dried By Time", "url": "https://youtu.be/5MSZXmbNoLg", "kind": "official", "year": 2016}


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def json_ld(html):
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def of_type(html, schema_type):
    return [item for item in json_ld(html) if item["@type"] == schema_type]


def timeline_groups(html):
    """[(year heading, [entry titles])] in page order."""
    groups = []
    for section in html.split('<section class="timeline-year"')[1:]:
        heading = re.search(r"<h2[^>]*>([^<]+)</h2>", section).group(1)
        groups.append((heading, re.findall(r'<a href="[^"]+">([^<]+)</a>', section.split("</ol>")[0])))
    return groups


class MusicPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = create_home()
        cls.projects = create_project_index(cls.home)
        cls.timeline = create_timeline(cls.projects)
        cls.band = create_music_project(cls.timeline, "Exage", links=["https://open.spotify.com/artist/x"])
        cls.release = create_release(cls.band, "Debut", tracks=[{"position": 1, "title": "One", "duration": "3:45"}])
        cls.project = publish(cls.projects, ProjectPage(title="Site", slug="site", summary="A site."))

    def test_where_each_page_type_may_live(self):
        self.assertAllowedParentPageTypes(ProjectIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ProjectIndexPage, {MusicTimelinePage, ProjectPage})
        self.assertAllowedParentPageTypes(MusicTimelinePage, {ProjectIndexPage})
        self.assertAllowedSubpageTypes(MusicTimelinePage, {MusicProjectPage, ShowPage, StudioPage})
        self.assertAllowedParentPageTypes(StudioPage, {MusicTimelinePage})
        self.assertAllowedParentPageTypes(ShowPage, {MusicTimelinePage})
        self.assertAllowedSubpageTypes(MusicProjectPage, {ReleasePage, SongPage})
        self.assertAllowedParentPageTypes(ReleasePage, {MusicProjectPage})
        self.assertAllowedParentPageTypes(SongPage, {MusicProjectPage})
        self.assertAllowedSubpageTypes(SongPage, set())
        self.assertAllowedSubpageTypes(ReleasePage, set())
        self.assertAllowedSubpageTypes(ProjectPage, set())

    def test_there_is_one_project_index_and_one_timeline(self):
        self.assertFalse(ProjectIndexPage.can_create_at(self.home))
        self.assertFalse(MusicTimelinePage.can_create_at(self.projects))
        self.assertTrue(MusicProjectPage.can_create_at(self.timeline))

    def test_every_page_renders_and_the_index_editors_and_previews_work(self):
        for page in (self.projects, self.timeline, self.band, self.release, self.project):
            self.assertPageIsRenderable(page)
        # Pages with inline panels are edited and previewed in test_music_admin.py, with their form data.
        for page in (self.projects, self.timeline):
            self.assertPageIsEditable(page)
            self.assertPageIsPreviewable(page)


# The projects portfolio


def test_project_index_lists_the_timeline_and_the_projects_in_order(client, timeline, project_index):
    image = create_image("Screenshot")
    publish(
        project_index,
        ProjectPage(
            title="Portfolio site", slug="site", summary="This site.", role="Author", start_year=2026, image=image
        ),
        tags=(),
    )
    html = html_of(client, "/projects/")
    assert re.findall(r'class="card-title" dir="auto"><a href="([^"]+)">', html) == [
        "/projects/music/",
        "/projects/site/",
    ]
    assert "Author · 2026–present" in html and "This site." in html
    assert re.search(r'<img alt="" class="card-image" height="\d+" loading="lazy" src="/media/images/screenshot', html)


def test_a_project_page_shows_role_years_technologies_and_links(client, project_index):
    page = ProjectPage(title="Search engine", slug="search", summary="Full-text search.", role="Lead", start_year=2015)
    page.end_year = 2018
    page.links = [ProjectPage.links.rel.related_model(url="https://github.com/example/search", label="Source code")]
    page.technologies.add("Python", "PostgreSQL")
    publish(project_index, page)

    html = html_of(client, "/projects/search/")

    assert "<dt>Role</dt><dd>Lead</dd>" in html and "<dt>Years</dt><dd>2015–2018</dd>" in html
    assert "<dt>Technologies</dt><dd>PostgreSQL, Python</dd>" in html
    assert '<a href="https://github.com/example/search">Source code</a>' in html


# The timeline


def test_the_timeline_groups_everything_by_year_newest_first_unknown_last(
    client, make_project, make_release, make_essay
):
    exage = make_project("Exage", start_year=2010, end_year=2019, tags=["Music"], videos=[DRIED_BY_TIME])
    make_release(exage, "Debut", release_year=2016, release_month=3)
    make_release(exage, "Undated demo", release_type="demo")
    make_project("Caspian Ghost", kind="solo")
    make_essay("Music essay", date=datetime.date(2025, 8, 22), tags=["Music"])
    make_essay("Unrelated essay", date=datetime.date(2025, 9, 1), tags=["Cooking"])

    html = html_of(client, "/projects/music/")

    assert timeline_groups(html) == [
        ("2025", ["Music essay"]),
        ("2019", ["Exage"]),
        ("2016", ["Debut", "Dried By Time"]),
        ("2010", ["Exage"]),
        ("Year unknown", ["Caspian Ghost", "Undated demo"]),
    ]
    assert (
        '<span class="entry-kind">Band ended</span>' in html and '<span class="entry-kind">Band started</span>' in html
    )
    video_id = exage.videos.get().pk
    assert f'<a href="/projects/music/exage/#video-{video_id}">Dried By Time</a>' in html
    assert '<a href="/projects/music/exage/debut/">Debut</a>' in html


def test_a_video_without_a_year_takes_its_releases_and_undated_entries_are_folded(client, make_project, make_release):
    exage = make_project("Exage", start_year=2010)
    debut = make_release(exage, "Debut", release_year=2016)
    exage.videos.create(title="Of the record", url="https://youtu.be/5MSZXmbNoLg", release=debut)
    exage.videos.create(title="Undated clip", url="https://vimeo.com/76979871")
    exage.save_revision().publish()

    html = html_of(client, "/projects/music/")

    assert timeline_groups(html) == [
        ("2016", ["Of the record", "Debut"]),
        ("2010", ["Exage"]),
        ("Year unknown", ["Undated clip"]),
    ]
    undated = html.split('id="year-unknown"')[1]
    assert '<details class="timeline-undated"><summary>Show 1 entry without a year</summary>' in undated


def test_the_timeline_filters_by_project_and_kind_with_plain_links(client, make_project, make_release):
    exage = make_project("Exage", start_year=2010, videos=[DRIED_BY_TIME])
    make_release(exage, "Debut", release_year=2016)
    other = make_project("Discrepancy", start_year=2005)
    make_release(other, "Other record", release_year=2007)

    by_project = html_of(client, "/projects/music/?project=exage")
    # Within a year, entries of unknown month come essays first, then videos, releases and projects.
    assert [title for _year, titles in timeline_groups(by_project) for title in titles] == [
        "Dried By Time",
        "Debut",
        "Exage",
    ]
    by_kind = html_of(client, "/projects/music/?kind=release")
    assert [title for _year, titles in timeline_groups(by_kind) for title in titles] == ["Debut", "Other record"]
    both = html_of(client, "/projects/music/?project=exage&kind=video")
    assert timeline_groups(both) == [("2016", ["Dried By Time"])]
    assert '<a href="/projects/music/?project=exage&amp;kind=release">Releases</a>' in by_project
    assert '<a href="/projects/music/?kind=release" aria-current="true">All projects</a>' in by_kind


@pytest.mark.parametrize("query", ["?project=nobody", "?kind=podcast"])
def test_an_unknown_filter_is_a_404(client, make_project, query):
    make_project("Exage")
    assert client.get(f"/projects/music/{query}").status_code == 404


def test_drafts_stay_off_the_timeline(client, make_project, make_release, timeline):
    band = make_project("Live band", start_year=2010)
    draft = create_release(band, "Draft record", release_year=2012)
    draft.unpublish()
    hidden = create_music_project(timeline, "Hidden band", start_year=2011)
    hidden.unpublish()
    html = html_of(client, "/projects/music/")
    assert "Draft record" not in html and "Hidden band" not in html


# A music project


def test_a_project_page_shows_its_years_roles_genres_links_releases_videos_and_essays(
    client, make_project, make_release, make_essay
):
    band = make_project(
        "Exage",
        start_year=2010,
        end_year=2019,
        roles="Vocals, Guitar",
        genres="Modern metal, Metalcore",
        tags=["Music"],
        links=[
            "https://open.spotify.com/artist/5uz4tOA6Ao23QNgoPagWIq",
            "https://exage.bandcamp.com/",
            "https://exage.example/",
        ],
        videos=[DRIED_BY_TIME],
    )
    make_release(band, "Older", release_year=2012, cover=create_image("Cover old"))
    make_release(band, "Newer", release_year=2016, release_month=3)
    make_essay("Sharing a tag", tags=["Music"])
    make_essay("Not sharing", tags=["Cooking"])

    html = html_of(client, "/projects/music/exage/")

    assert "<dt>Years</dt><dd>2010–2019</dd>" in html
    assert "<dt>Roles</dt><dd>Vocals, Guitar</dd>" in html and "<dt>Genres</dt><dd>Modern metal, Metalcore</dd>" in html
    assert re.findall(r'class="platform-([a-z-]+)">([^<]+)</a>', html) == [
        ("spotify", "Spotify"),
        ("bandcamp", "Bandcamp"),
        ("website", "Website"),
    ]
    releases = html.split('id="releases-title"')[1].split("</section>")[0]
    assert re.findall(r'<a href="[^"]+">(Older|Newer)</a>', releases) == ["Newer", "Older"]
    assert re.search(
        r'<img alt="" class="card-image" height="\d+" loading="lazy" src="/media/images/cover-old', releases
    )
    assert '<a class="video-facade video-youtube" href="https://youtu.be/5MSZXmbNoLg"' in html and "<iframe" not in html
    essays = html.split('id="essays-title"')[1]
    assert "Sharing a tag" in essays and "Not sharing" not in essays
    assert all(url.startswith("/") for url in loaded_urls(html))


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [(2010, 2019, "2010–2019"), (2010, None, "2010–present"), (None, 2019, "until 2019"), (2012, 2012, "2012")],
)
def test_years_active_read_naturally(client, make_project, start, end, shown):
    make_project("Band", start_year=start, end_year=end)
    assert f"<dt>Years</dt><dd>{shown}</dd>" in html_of(client, "/projects/music/band/")


def test_years_are_left_out_when_unknown(client, make_project):
    make_project("Band")
    assert "<dt>Years</dt>" not in html_of(client, "/projects/music/band/")


def test_a_project_is_a_music_group_with_the_author_as_member(client, make_project, home):
    author = AuthorSettings.for_site(Site.objects.get())
    author.name = "Ada Example"
    author.save()
    make_project(
        "Exage",
        start_year=2010,
        end_year=2019,
        roles="Vocals, Guitar",
        genres="Modern metal, Metalcore",
        links=["https://open.spotify.com/artist/x"],
        videos=[DRIED_BY_TIME, {"title": "Vimeo cut", "url": "https://vimeo.com/76979871", "kind": "live"}],
    )

    html = html_of(client, "/projects/music/exage/")

    [group] = of_type(html, "MusicGroup")
    assert group["name"] == "Exage" and group["genre"] == ["Modern metal", "Metalcore"]
    assert (group["foundingDate"], group["dissolutionDate"]) == ("2010", "2019")
    assert group["member"] == [
        {
            "@type": "OrganizationRole",
            "member": {"@type": "Person", "name": "Ada Example"},
            "roleName": ["Vocals", "Guitar"],
            "startDate": "2010",
            "endDate": "2019",
        }
    ]
    assert group["sameAs"] == ["https://open.spotify.com/artist/x"]
    youtube, vimeo = of_type(html, "VideoObject")
    assert youtube["name"] == "Dried By Time"
    assert youtube["embedUrl"] == "https://www.youtube-nocookie.com/embed/5MSZXmbNoLg"
    assert youtube["uploadDate"] == "2016"
    assert "thumbnailUrl" not in youtube and "thumbnailUrl" not in vimeo  # no still fetched, none named
    assert vimeo["embedUrl"] == "https://player.vimeo.com/video/76979871?dnt=1" and "uploadDate" not in vimeo


def test_a_project_page_lists_its_ten_newest_essays_and_links_to_the_rest_on_the_timeline(
    client, make_project, make_essay
):
    make_project("Exage", tags=["Metal"])
    for day in range(1, 13):
        make_essay(f"Essay {day}", date=datetime.date(2025, 1, day), tags=["Metal"])

    html = html_of(client, "/projects/music/exage/")

    listed = re.findall(r'<a href="/essays/essay-(\d+)/">', html)
    assert listed == [str(day) for day in range(12, 2, -1)]
    assert (
        '<a href="/projects/music/?project=exage&amp;kind=essay">Every essay about Exage, on the music timeline</a>'
        in html
    )
    timeline = html_of(client, "/projects/music/?project=exage&kind=essay")
    assert all(f"/essays/essay-{day}/" in timeline for day in range(1, 13))


def test_a_video_thumbnail_from_the_library_is_shown_and_described(client, make_project):
    thumbnail = create_image("Still", width=1280, height=720)
    make_project(
        "Band", videos=[{**DRIED_BY_TIME, "date": datetime.date(2016, 3, 12), "year": None, "thumbnail": thumbnail}]
    )

    html = html_of(client, "/projects/music/band/")

    assert re.search(r'<img alt="" class="video-thumbnail" height="540" loading="lazy" src="/media/images/still', html)
    [video] = of_type(html, "VideoObject")
    assert video["uploadDate"] == "2016-03-12"
    assert video["thumbnailUrl"].startswith(f"{ORIGIN}/media/images/still")


# A release


@pytest.mark.parametrize(
    ("fields", "shown", "iso"),
    [
        ({"release_year": 2016}, "2016", "2016"),
        ({"release_year": 2016, "release_month": 3}, "March 2016", "2016-03"),
        ({"release_year": 2016, "release_month": 3, "release_day": 12}, "12 March 2016", "2016-03-12"),
    ],
)
def test_a_release_date_is_shown_at_its_precision(client, make_project, make_release, fields, shown, iso):
    make_release(make_project("Band"), "Record", **fields)
    html = html_of(client, "/projects/music/band/record/")
    assert f'<dt>Released</dt><dd><time datetime="{iso}">{shown}</time></dd>' in html
    assert of_type(html, "MusicAlbum")[0]["datePublished"] == iso


def test_a_release_page_shows_cover_type_label_tracks_running_time_credits_and_links(
    client, make_project, make_release
):
    tracks = [
        {"position": 2, "title": "Ergot In The Rye", "duration": "5:30", "credits": "Music and lyrics: Ada"},
        {"position": 1, "title": "Dried By Time", "duration": "4:45", "video_url": "https://youtu.be/5MSZXmbNoLg"},
    ]
    cover = create_image("Cover", width=800, height=800)
    make_release(
        make_project("Exage"),
        "Debut",
        release_type="ep",
        release_year=2016,
        label="Indie Label",
        cover=cover,
        tracks=tracks,
        links=["https://open.spotify.com/album/x"],
    )

    html = html_of(client, "/projects/music/exage/debut/")

    assert '<h1 dir="auto">Debut</h1>' in html and 'EP by <a href="/projects/music/exage/">Exage</a>' in html
    assert "<dt>Label</dt><dd>Indie Label</dd>" in html
    assert re.search(r'<picture>.*alt="Cover art of Debut"', html, re.S)
    numbered = r'<li value="(\d)">\s*<span class="track-number" aria-hidden="true">(\d)\.</span>\s*'
    assert re.findall(numbered + r'<span class="track-title">([^<]+)</span>', html) == [
        ("1", "1", "Dried By Time"),
        ("2", "2", "Ergot In The Rye"),
    ]
    assert html.count("10:15") == 1 and "<dt>Running time</dt><dd>10:15</dd>" in html
    assert '<span class="track-credits">Music and lyrics: Ada</span>' in html
    assert '<a class="track-video" href="https://youtu.be/5MSZXmbNoLg">Video' in html
    assert '<a href="https://open.spotify.com/album/x" class="platform-spotify">Spotify</a>' in html


def test_the_running_time_is_left_out_unless_every_length_is_known(client, make_project, make_release):
    tracks = [{"position": 1, "title": "Known", "duration": "3:00"}, {"position": 2, "title": "Unknown"}]
    make_release(make_project("Band"), "Record", tracks=tracks)
    assert "running time" not in html_of(client, "/projects/music/band/record/").lower()


def test_a_release_is_a_music_album(client, make_project, make_release):
    tracks = [
        {"position": 1, "title": "Intro", "duration": "1:05"},
        {"position": 2, "title": "Long", "duration": "12:00"},
    ]
    make_release(make_project("Exage"), "Live record", release_type="live", release_year=2018, tracks=tracks, label="L")

    [album] = of_type(html_of(client, "/projects/music/exage/live-record/"), "MusicAlbum")

    assert album["name"] == "Live record"
    assert album["albumReleaseType"] == "https://schema.org/AlbumRelease"
    assert album["albumProductionType"] == "https://schema.org/LiveAlbum"
    assert album["byArtist"] == {"@type": "MusicGroup", "name": "Exage", "url": f"{ORIGIN}/projects/music/exage/"}
    assert album["numTracks"] == 2
    assert album["track"] == [
        {"@type": "MusicRecording", "position": 1, "name": "Intro", "duration": "PT1M5S"},
        {"@type": "MusicRecording", "position": 2, "name": "Long", "duration": "PT12M0S"},
    ]
    assert album["recordLabel"] == {"@type": "Organization", "name": "L"}


@pytest.mark.parametrize(("release_type", "schema_type"), [("ep", "EPRelease"), ("single", "SingleRelease")])
def test_eps_and_singles_have_their_release_types(client, make_project, make_release, release_type, schema_type):
    make_release(make_project("Band"), "Record", release_type=release_type)
    [album] = of_type(html_of(client, "/projects/music/band/record/"), "MusicAlbum")
    assert album["albumReleaseType"] == f"https://schema.org/{schema_type}"


def test_music_pages_are_found_by_site_search(client, make_project, make_release):
    band = make_project("Exage", genres="Metalcore")
    make_release(band, "Debut", tracks=[{"position": 1, "title": "Ergot In The Rye"}])
    assert '<a href="/projects/music/exage/">Exage</a>' in html_of(client, "/search/?q=metalcore")
    assert '<a href="/projects/music/exage/debut/">Debut</a>' in html_of(client, "/search/?q=ergot")


# Initial content


def load_initial_data():
    call_command("load_initial_data", stdout=io.StringIO(), stderr=io.StringIO())


def test_initial_content_has_the_stated_projects_and_nothing_invented(db, client):
    load_initial_data()

    projects = {page.title: page for page in MusicProjectPage.objects.live()}
    assert set(projects) == {"Exage", "Harvard Process", "Discrepancy", "Caspian Ghost"}
    exage = projects["Exage"]
    assert (exage.kind, exage.start_year, exage.end_year) == ("band", 2010, 2019)
    assert exage.role_list == ["Vocals", "Guitar"] and exage.genre_list == ["Modern metal", "Metalcore"]
    assert [link.url for link in exage.links.all()] == ["https://open.spotify.com/artist/5uz4tOA6Ao23QNgoPagWIq"]
    assert [(video.title, video.url, video.kind, video.year) for video in exage.videos.all()] == [
        ("Dried By Time (Official Music Video)", "https://youtu.be/5MSZXmbNoLg", "official", None),
        ("Ergot In The Rye (Guitar Playthrough)", "https://youtu.be/an4gtPLFtuE", "playthrough", None),
    ]
    assert projects["Harvard Process"].kind == "solo" and projects["Harvard Process"].genre_list == [
        "Progressive metal"
    ]
    assert projects["Discrepancy"].role_list == ["Vocals"]
    for unknown in ("Harvard Process", "Discrepancy", "Caspian Ghost"):
        assert (projects[unknown].start_year, projects[unknown].end_year) == (None, None)
    assert not ReleasePage.objects.exists()  # the album's title and year are not known
    assert html_of(client, "/projects/").count('class="card-title"') == 1
    assert "Year unknown" in html_of(client, "/projects/music/")


def test_the_first_essays_link_reaches_the_music_timeline(db, client):
    load_initial_data()

    essay = EssayPage.objects.get(slug="what-music-production-taught-me-about-software-engineering")
    timeline = MusicTimelinePage.objects.get()
    assert f'<a linktype="page" id="{timeline.pk}">Music</a>' in str(essay.body.raw_data)
    html = html_of(client, essay.url)
    assert '<a href="/projects/music/">Music</a>' in html
    assert client.get("/projects/music/").status_code == 200
    assert Page.objects.get(url_path="/home/projects/music/").specific == timeline


def test_the_timeline_shows_each_project_as_a_span_of_years_covers_stills_and_what_essays_are_about(
    client, make_project, make_release, make_essay
):
    still = create_image("Still")
    video = {"title": "Dried By Time", "url": "https://youtu.be/5MSZXmbNoLg", "year": 2016, "thumbnail": still}
    exage = make_project("Exage", start_year=2010, end_year=2019, tags=["Exage"], videos=[video])
    make_project("Discrepancy", start_year=2005, end_year=2008, tags=["Discrepancy"])
    make_project("هارفارد", kind="solo")
    make_release(exage, "Débüt", release_year=2016, cover=create_image("Cover"))
    make_essay("Notas sobre Exage 🎸", date=datetime.date(2025, 8, 22), tags=["Exage", "Music"])

    html = html_of(client, "/projects/music/")

    spans = html.split('class="project-spans"')[1].split("</section>")[0]
    bars = re.findall(r'viewBox="0 0 (\d+) 1".*?<rect x="(\d+)" width="(\d+)"', spans, re.S)
    assert bars == [("15", "5", "10"), ("15", "0", "4")]  # 2005-2019: Exage 2010-2019, Discrepancy 2005-2008
    assert "هارفارد" in spans and "years not given" in spans
    assert re.search(r'<img alt="" class="entry-picture"[^>]*src="/media/images/cover\.[^"]*fill-96x96', html)
    assert re.search(r'<img alt="" class="entry-picture entry-still"[^>]*src="/media/images/still\.', html)
    essay_line = html.split("Notas sobre Exage 🎸</a>")[1].split("</li>")[0]
    assert '<span class="entry-project">· about Exage</span>' in essay_line
