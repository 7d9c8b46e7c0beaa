"""Production work for clients, the studio, and the initial content's songs, work and studio: added once per
database, new or old, and never again once the author has deleted them."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site

from music.models import MusicVideo, ProductionWork, SongPage, StudioItem, StudioPage
from portfolio.models import AuthorSettings, InitialContentStep
from tests.factories import create_image, publish
from tests.test_music import html_of


def load_initial_data():
    call_command("load_initial_data", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_initial_content_has_the_stated_songs_with_their_videos(db, client):
    load_initial_data()

    songs = {song.title: song for song in SongPage.objects.live()}
    assert set(songs) == {"Dried By Time", "Ergot In The Rye"}
    assert all(song.get_parent().title == "Exage" for song in songs.values())
    # The author's name is not known yet: the credit is told in their words, the name fields stay empty.
    assert {(song.music_by, song.lyrics_by, song.arranged_by) for song in songs.values()} == {("", "", "")}
    assert not songs["Dried By Time"].notes and not songs["Dried By Time"].lyrics
    html = html_of(client, "/projects/music/exage/ergot-in-the-rye/")
    assert "The song I wrote end to end: music and lyrics." in html
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/an4gtPLFtuE?autoplay=1"' in html
    assert {(clip.title, clip.song.title) for clip in MusicVideo.objects.all()} == {
        ("Dried By Time (Official Music Video)", "Dried By Time"),
        ("Ergot In The Rye (Guitar Playthrough)", "Ergot In The Rye"),
    }


def test_the_initial_content_has_the_stated_production_work_and_studio(db, client):
    load_initial_data()

    assert [(work.client, work.what, work.when) for work in ProductionWork.objects.all()] == [
        ("Banamex", "Commercials", "By 2000"),
        ("Canon", "Commercials", "By 2000"),
        ("MVS Noticias", "Music for the news division of MVS", "By 2000"),
    ]
    studio = StudioPage.objects.get()
    assert studio.url == "/projects/music/studio/"
    years = {item.name: item.years_used for item in StudioItem.objects.all()}
    assert years["Roland TD-3 electronic drum kit"] == "From 2005" and years["Cakewalk"] == "From 1997"
    assert {name for name, shown in years.items() if not shown} == {
        "Stratocaster",
        "Precision Bass",
        "Violin",
        "Viola",
        "Cello",
        "Trumpet",
        "Superior Drummer",
        "Keyscape",
    }

    about = html_of(client, "/about/")
    assert '<h2 id="production-work">Production work</h2>' in about
    assert '<span class="career-title" dir="auto">MVS Noticias</span>' in about
    timeline = html_of(client, "/projects/music/")
    year_2000 = timeline.split('id="year-2000"')[1].split("</section>")[0]
    assert re.findall(r'Production work</span> <span dir="auto">([^<]+)<', year_2000) == [
        "Banamex: Commercials",
        "Canon: Commercials",
        "MVS Noticias: Music for the news division of MVS",
    ]
    assert '<a href="/projects/music/studio/">Studio: the instruments, gear and software</a>' in timeline
    studio_html = html_of(client, studio.url)
    assert "The full studio is still in my garage." in studio_html
    assert studio_html.index(">Instruments<") < studio_html.index(">Gear<") < studio_html.index(">Software<")


def test_a_database_loaded_before_gets_the_new_content_once_with_the_authors_name(db, client):
    load_initial_data()
    # As a database loaded before the step existed: none of it, and the author has given their name since.
    SongPage.objects.all().delete()
    ProductionWork.objects.all().delete()
    StudioPage.objects.all().delete()
    InitialContentStep.objects.all().delete()
    author = AuthorSettings.for_site(Site.objects.get())
    author.name = "Iván Pérez"
    author.save()

    load_initial_data()
    load_initial_data()

    ergot = SongPage.objects.get(title="Ergot In The Rye")
    assert (ergot.music_by, ergot.lyrics_by) == ("Iván Pérez", "Iván Pérez")
    assert "<dt>Music and lyrics by</dt>" in html_of(client, ergot.url)
    assert (SongPage.objects.count(), ProductionWork.objects.count(), StudioPage.objects.count()) == (2, 3, 1)
    exage = ergot.get_parent().specific
    assert {clip.song_id for clip in exage.get_latest_revision_as_object().videos.all()} == set(
        SongPage.objects.values_list("pk", flat=True)
    )


def test_what_the_author_deleted_never_comes_back(db):
    load_initial_data()
    SongPage.objects.get(title="Ergot In The Rye").delete()
    ProductionWork.objects.filter(client="Canon").delete()
    StudioPage.objects.all().delete()

    load_initial_data()

    assert list(SongPage.objects.values_list("title", flat=True)) == ["Dried By Time"]
    assert ProductionWork.objects.count() == 2 and not StudioPage.objects.exists()


def test_production_work_is_edited_as_a_snippet_with_its_years_checked(admin_client, home):
    url = reverse("wagtailsnippets_music_productionwork:add")
    data = {"client": "Televisa", "what": "A mix", "start_year": "2005", "end_year": "2003", "period": "", "notes": ""}

    refused = admin_client.post(url, data)
    assert "The end year (2003) cannot be before the start year (2005)." in refused.content.decode()

    assert admin_client.post(url, data | {"end_year": "2006"}).status_code == 302
    assert ProductionWork.objects.get().when == "2005–2006"


@pytest.mark.slow
def test_the_studio_page_costs_the_same_queries_with_5_or_200_items(client, timeline, without_the_page_cache):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    photo = create_image("Stratocaster")
    studio = publish(timeline, StudioPage(title="Studio", slug="studio"))

    def add(first, last):
        for number in range(first, last):
            studio.items.add(StudioItem(name=f"Guitar {number} — ギター", photo=photo if number % 2 else None))
        studio.save_revision().publish()

    def count():
        client.get(studio.url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(studio.url).status_code == 200
        return len(captured)

    add(0, 5)
    few = count()
    add(5, 200)
    assert count() == few <= 15
