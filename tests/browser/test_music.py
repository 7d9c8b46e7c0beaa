"""The music in depth in a real browser: songs, shows, the studio and sound, in both themes, on a phone, and
nothing asked of another host until the reader presses play."""

import datetime

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from music.models import MusicProjectPage, MusicTimelinePage, SongPage
from tests.browser.test_accessibility import AXE_TAGS, RUN_AXE
from tests.factories import create_show

SPOTIFY = "https://open.spotify.com/artist/5uz4tOA6Ao23QNgoPagWIq"
SONG = "/projects/music/exage/ergot-in-the-rye/"
PAGES = {
    "song": SONG,
    "show": "/projects/music/foro-alicia/",
    "shows": "/projects/music/shows/",
    "studio": "/projects/music/studio/",
    "timeline": "/projects/music/",
}


@pytest.fixture
def music_site(site):
    """The initial content, plus a show to come, one past, and sound on Ergot In The Rye's page."""
    timeline = MusicTimelinePage.objects.get()
    exage = MusicProjectPage.objects.get(slug="exage")
    ergot = SongPage.objects.get(slug="ergot-in-the-rye")
    create_show(
        timeline,
        "Foro Alicia",
        date=datetime.date(2099, 3, 14),
        start_time=datetime.time(21, 30),
        time_zone="America/Mexico_City",
        venue="Foro Alicia",
        city="Ciudad de México",
        country="México",
        projects=[exage],
        setlist=[
            {"song": ergot},
            {"title": "Raining Blood", "cover": True},
            {"title": "Dried By Time", "encore": True},
        ],
    )
    create_show(timeline, "Festival (cancelled)", date=datetime.date(2012, 5, 1), status="cancelled", projects=[exage])
    take = get_document_model().objects.create(
        title="Ergot demo",
        file=ContentFile(b"ID3\x04\x00" + b"\x00" * 4091, name="ergot-demo.mp3"),
        file_size=4096,
        collection=Collection.get_first_root_node(),
    )
    ergot.notes = list(ergot.notes.raw_data) + [
        {"type": "audio", "value": {"audio": take.pk, "title": "Demo, 2016 — ensayo", "duration": "5:30"}},
        {"type": "listen", "value": {"url": SPOTIFY, "title": "Exage on Spotify"}},
    ]
    ergot.save_revision().publish()
    return take


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_music_pages_pass_axe(music_site, open_tab, axe_source, scheme):
    visit = open_tab(color_scheme=scheme, bypass_csp=True)
    violations = {}
    for name, path in PAGES.items():
        visit.page.goto(visit.origin + path)
        visit.page.evaluate(axe_source)
        found = visit.page.evaluate(RUN_AXE, AXE_TAGS)
        if found:
            violations[name] = found
    assert not violations, violations


def test_a_player_loads_nothing_from_its_host_until_clicked(music_site, open_tab):
    visit = open_tab()
    visit.allowed_hosts.add("open.spotify.com")
    page = visit.go(SONG)
    assert not [request for request in visit.requests if "spotify" in request.url or "/documents/" in request.url]
    assert page.locator("iframe").count() == 0

    page.get_by_role("link", name="Play “Exage on Spotify” on Spotify").click()

    player = page.locator("iframe.listen-player")
    player.wait_for()
    assert player.get_attribute("src") == "https://open.spotify.com/embed/artist/5uz4tOA6Ao23QNgoPagWIq"
    assert player.get_attribute("height") == "352"
    assert [request.url for request in visit.requests if "spotify" in request.url] == [player.get_attribute("src")]


def test_without_javascript_a_player_is_a_working_link(music_site, open_tab):
    visit = open_tab(java_script_enabled=False)
    visit.allowed_hosts.add("open.spotify.com")
    page = visit.go(SONG)

    page.get_by_role("link", name="Play “Exage on Spotify” on Spotify").click()

    page.wait_for_url(SPOTIFY)


def test_a_recording_is_not_fetched_before_it_is_played_and_can_be_downloaded(music_site, open_tab):
    visit = open_tab()
    page = visit.go(SONG)
    page.wait_for_load_state("networkidle")

    audio = page.locator("audio")
    assert audio.get_attribute("preload") == "none"
    # Nothing loaded (HAVE_NOTHING), nothing loading: the file is asked for only when the reader presses play.
    assert audio.evaluate("element => [element.readyState, element.networkState]") == [0, 1]
    assert not [request for request in visit.requests if "/documents/" in request.url]
    download = page.get_by_role("link", name="Download “Demo, 2016 — ensayo” (MP3, 4.0 KB)")
    assert download.get_attribute("href") == music_site.url
    # (Playing it is not tried here: the media element keeps the test server's connection open.)


@pytest.mark.parametrize("name", PAGES)
def test_no_music_page_scrolls_sideways_on_a_320_pixel_phone(music_site, open_tab, name):
    page = open_tab(viewport={"width": 320, "height": 640}).go(PAGES[name])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
