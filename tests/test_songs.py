"""Songs: their page, the releases and videos that are them, their structured data and their admin form."""

import html as html_module
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from music.models import MusicProjectPage, MusicVideo, ReleasePage, ShowPage, SongPage, Track
from tests.factories import admin_tabs, create_release, create_song
from tests.test_music import html_of, of_type
from tests.test_music_admin import add_url, errors_of, music_project_form, release_form, track, video

ERGOT_LYRICS = [
    {"type": "section", "value": {"kind": "verse", "label": "", "text": "Cornezuelo en el centeno\n麦角 в жите"}},
    {"type": "section", "value": {"kind": "chorus", "label": "Chorus ×2", "text": "Ergot in the rye 🌾\nשיפון"}},
]


@pytest.fixture
def exage(make_project):
    return make_project("Exage")


def ergot(project, **fields):
    fields.setdefault("music_by", "Iván Pérez")
    fields.setdefault("lyrics_by", "Iván Pérez")
    return create_song(project, "Ergot In The Rye", lyrics=ERGOT_LYRICS, **fields)


def test_a_song_page_shows_its_credits_lyrics_recordings_and_videos(client, exage):
    song = ergot(exage, arranged_by="Exage, Zoë Ångström")
    debut = create_release(exage, "Debut", release_year=2016, tracks=[{"position": 3, "title": "Ergot", "song": song}])
    create_release(exage, "Hidden", tracks=[{"position": 1, "title": "Draft take", "song": song}]).unpublish()
    clip = {"title": "Ergot In The Rye (Guitar Playthrough)", "url": "https://youtu.be/an4gtPLFtuE", "song": song}
    exage.videos.add(MusicVideo(kind="playthrough", **clip))
    exage.save_revision().publish()

    html = html_of(client, "/projects/music/exage/ergot-in-the-rye/")

    assert '<dt>Music and lyrics by</dt><dd dir="auto">Iván Pérez</dd>' in html
    assert '<dt>Arrangement by</dt><dd dir="auto">Exage, Zoë Ångström</dd>' in html
    assert '<h3 class="lyrics-label">Verse</h3>' in html and '<h3 class="lyrics-label">Chorus ×2</h3>' in html
    assert "Ergot in the rye 🌾<br>שיפון" in html
    assert f'<a href="{debut.url}">Debut</a>' in html and "track 3" in html
    assert "Hidden" not in html  # a draft release is no recording yet
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/an4gtPLFtuE?autoplay=1"' in html
    assert '<a href="/projects/music/exage/">Exage</a>' in html


def test_a_song_is_a_music_composition_recorded_on_its_releases(client, exage):
    song = ergot(exage)
    tracks = [{"position": 2, "title": "Ergot In The Rye", "duration": "5:30", "song": song}]
    create_release(exage, "Debut", release_year=2016, tracks=tracks)

    [composition] = of_type(html_of(client, song.url), "MusicComposition")

    assert {"name", "url", "composer", "lyricist", "lyrics", "recordedAs"} <= set(composition)
    assert composition["composer"] == [{"@type": "Person", "name": "Iván Pérez"}] == composition["lyricist"]
    assert composition["lyrics"]["text"].startswith("Cornezuelo en el centeno\n麦角 в жите\n\nErgot in the rye 🌾")
    [recording] = composition["recordedAs"]
    assert recording["@type"] == "MusicRecording" and recording["duration"] == "PT5M30S"
    assert recording["inAlbum"] == {
        "@type": "MusicAlbum",
        "name": "Debut",
        "url": "http://localhost/projects/music/exage/debut/",
    }
    assert recording["recordingOf"]["name"] == "Ergot In The Rye"


def test_the_release_track_list_links_each_track_to_its_published_song(client, exage):
    song = ergot(exage)
    draft = create_song(exage, "Unfinished")
    draft.unpublish()
    tracks = [
        {"position": 1, "title": "Ergot In The Rye", "song": song},
        {"position": 2, "title": "Unfinished", "song": draft},
        {"position": 3, "title": "Interlude"},
    ]
    html = html_of(client, create_release(exage, "Debut", tracks=tracks).url)

    assert f'<a href="{song.url}">Ergot In The Rye</a>' in html
    assert '<span class="track-title">Unfinished</span>' in html
    [album] = of_type(html, "MusicAlbum")
    assert [track.get("recordingOf", {}).get("name") for track in album["track"]] == ["Ergot In The Rye", None, None]


def test_a_project_page_lists_its_songs(client, exage):
    ergot(exage)
    assert 'href="/projects/music/exage/ergot-in-the-rye/">Ergot In The Rye</a>' in html_of(client, exage.url)


def test_a_song_card_says_song_once_and_nothing_for_credits_it_does_not_have(client, exage):
    ergot(exage)
    create_song(exage, "Canción sin créditos 🎵")

    project = html_of(client, exage.url).split('id="songs-title"')[1].split("</section>")[0]
    found = html_of(client, "/search/?q=cr%C3%A9ditos")

    assert re.findall(r'<p class="meta">([^<]*)</p>', project) == ["Music and lyrics by Iván Pérez"]
    assert re.findall(r'<p class="meta">([^<]*)</p>', found) == ["Song"]


@pytest.mark.slow
def test_a_song_page_costs_the_same_queries_with_5_or_200_recordings_and_videos(client, exage, without_the_page_cache):
    song = ergot(exage)

    def add(first, last):
        for number in range(first, last):
            create_release(
                exage, f"Record {number}", release_year=2000, tracks=[{"position": 1, "title": "Ergot", "song": song}]
            )
            exage.videos.add(MusicVideo(title=f"Take {number}", url="https://youtu.be/an4gtPLFtuE", song=song))
        exage.save_revision().publish()

    def count():
        client.get(song.url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(song.url).status_code == 200
        return len(captured)

    add(0, 5)
    few = count()
    add(5, 200)
    assert Track.objects.filter(song=song).count() == 200
    assert count() == few <= 15


# The admin


def test_a_track_is_linked_to_a_song_chosen_in_the_admin(admin_client, exage, make_project):
    song = ergot(exage)
    elsewhere = create_song(make_project("Other band"), "Someone else's")

    refused = admin_client.post(
        add_url(ReleasePage, exage),
        release_form(tracks=inline_formset([track(1, "Theirs", song=str(elsewhere.pk))])),
    )
    assert "Choose a song of Exage; “Someone else's” is another project's." in errors_of(refused)

    accepted = admin_client.post(
        add_url(ReleasePage, exage),
        release_form(tracks=inline_formset([track(1, "Ergot In The Rye", song=str(song.pk))])),
    )
    assert accepted.status_code == 302
    assert Track.objects.get().song.specific == song


def test_a_song_without_credits_still_has_a_meta_description(client, exage):
    bare = create_song(exage, "Canción sin créditos 🎵")
    noted = create_song(exage, "Ergot", notes=[{"type": "paragraph", "value": "<p>Escrita en 2016, بالعربية.</p>"}])

    def meta_description(song):
        return re.search(r'<meta name="description" content="([^"]*)">', html_of(client, song.url)).group(1)

    assert html_module.unescape(meta_description(bare)) == "“Canción sin créditos 🎵”, a song by Exage."
    assert meta_description(noted) == "Escrita en 2016, بالعربية."


@pytest.mark.parametrize(
    ("page_type", "parent", "field"),
    [
        (ReleasePage, "exage", "tracks-__prefix__-song"),
        (ShowPage, "timeline", "setlist-__prefix__-song"),
        (MusicProjectPage, "timeline", "videos-__prefix__-song"),
    ],
)
def test_editors_pick_songs_from_a_chooser_of_songs(admin_client, exage, page_type, parent, field):
    parent = exage if parent == "exage" else exage.get_parent()
    html = html_module.unescape(admin_client.get(add_url(page_type, parent)).content.decode())
    assert f'new PageChooser("id_{field}", {{"modelNames": ["music.songpage"]' in html


def test_a_video_names_a_song_of_its_own_project(admin_client, exage, make_project):
    song = ergot(exage)
    elsewhere = create_song(make_project("Other band"), "Someone else's")
    edit = reverse("wagtailadmin_pages:edit", args=(exage.pk,))

    def post(song_id):
        return admin_client.post(
            edit, music_project_form(slug="exage", videos=inline_formset([video(song=str(song_id))]))
        )

    assert "Choose one of this project's own songs." in errors_of(post(elsewhere.pk))
    assert post(song.pk).status_code == 302
    assert MusicVideo.objects.get().song.specific == song


def test_a_song_is_written_in_tabs_with_its_lyrics(admin_client, exage, client):
    data = nested_form_data(
        {
            "title": "Dried By Time",
            "slug": "dried-by-time",
            "music_by": "",
            "lyrics_by": "",
            "arranged_by": "",
            "lyrics": streamfield([("section", {"kind": "chorus", "label": "", "text": "Dried by time"})]),
            "notes": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(add_url(SongPage, exage), data)

    assert response.status_code == 302, errors_of(response)
    html = html_of(client, "/projects/music/exage/dried-by-time/")
    assert '<h3 class="lyrics-label">Chorus</h3>' in html and "Dried by time" in html
    form = admin_client.get(add_url(SongPage, exage)).content.decode()
    assert admin_tabs(form)[:3] == ["Song", "Lyrics", "Notes"]
