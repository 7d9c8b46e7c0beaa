"""Sound without tracking: library recordings in the browser's own player, streaming players behind a click."""

import html
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from music.listening import parse_listen_url
from music.models import ReleasePage, SongPage
from tests.factories import create_document, create_release, create_song
from tests.test_music import html_of
from tests.test_music_admin import add_url, errors_of, release_form, track
from tests.test_security import policy

SPOTIFY_TRACK = "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC"


def recording(title="Dried By Time (demo) — ドラフト", extension="mp3", content=b"ID3\x04\x00" + b"\x00" * 2043):
    """An audio file in the library, in the root collection, its size recorded as the admin's upload does."""
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(content, name=f"take.{extension}"),
        file_size=len(content),
        collection=Collection.get_first_root_node(),
    )


@pytest.mark.parametrize(
    ("url", "provider", "link", "player"),
    [
        (
            f"{SPOTIFY_TRACK}?si=abc123",
            "spotify",
            SPOTIFY_TRACK,
            "https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC",
        ),
        (
            "https://open.spotify.com/intl-es/artist/5uz4tOA6Ao23QNgoPagWIq",
            "spotify",
            "https://open.spotify.com/artist/5uz4tOA6Ao23QNgoPagWIq",
            "https://open.spotify.com/embed/artist/5uz4tOA6Ao23QNgoPagWIq",
        ),
        (
            "https://soundcloud.com/exage/dried-by-time?utm_source=x",
            "soundcloud",
            "https://soundcloud.com/exage/dried-by-time",
            "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fexage%2Fdried-by-time&auto_play=true&visual=false",
        ),
        (
            "https://music.apple.com/mx/album/debut/1440833098?i=1440833099&ls",
            "apple-music",
            "https://music.apple.com/mx/album/debut/1440833098?i=1440833099",
            "https://embed.music.apple.com/mx/album/debut/1440833098?i=1440833099",
        ),
        (
            "https://bandcamp.com/EmbeddedPlayer/album=2453227541/size=large/bgcol=ffffff/",
            "bandcamp",
            "https://bandcamp.com/EmbeddedPlayer/album=2453227541/size=large/bgcol=ffffff/",
            "https://bandcamp.com/EmbeddedPlayer/album=2453227541/size=large/bgcol=ffffff/",
        ),
    ],
)
def test_each_services_links_make_its_player_from_the_link_alone(url, provider, link, player):
    listen = parse_listen_url(url)
    assert (listen.provider, listen.url, listen.embed_url) == (provider, link, player)


@pytest.mark.parametrize(
    "url",
    [
        "https://exage.bandcamp.com/album/debut",  # an album page does not name the album's number
        "https://open.spotify.com/track/short",
        "https://soundcloud.com/exage",
        "https://music.apple.com/mx/artist/exage/123",
        "javascript:alert(1)",
        "https://evil.example/open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
    ],
)
def test_other_links_are_refused_with_a_clear_message(url):
    with pytest.raises(ValidationError, match="Enter a Spotify, SoundCloud or Apple Music link"):
        parse_listen_url(url)


@pytest.fixture
def exage(make_project):
    return make_project("Exage")


def song_with(project, *blocks):
    return create_song(project, "Dried By Time", notes=[{"type": kind, "value": value} for kind, value in blocks])


def test_a_player_is_a_link_until_clicked_and_nothing_is_asked_of_its_host(client, exage):
    song = song_with(exage, ("listen", {"url": SPOTIFY_TRACK, "title": "Dried By Time — 乾いた"}))

    html = html_of(client, song.url)

    assert f'<a class="listen-facade listen-spotify" href="{SPOTIFY_TRACK}"' in html
    assert 'data-embed-url="https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC"' in html
    assert "<iframe" not in html
    assert "on Spotify</span>" in html and "“Dried By Time — 乾いた”" in html
    assert "https://open.spotify.com" in policy(client.get(song.url))["frame-src"]


def test_a_recording_plays_in_the_browsers_own_player_with_its_length_and_a_download(client, exage):
    take = recording()
    song = song_with(exage, ("audio", {"audio": take.pk, "title": "Demo, 2016", "duration": "4:45"}))

    html = html_of(client, song.url)

    assert '<audio controls preload="none" aria-label="Demo, 2016">' in html
    assert f'<source src="{take.url}" type="audio/mpeg">' in html
    assert '<span class="visually-hidden">Length </span>4:45' in html
    assert f'<a class="audio-download" href="{take.url}" download>' in html and "(MP3, 2.0\xa0KB)" in html
    assert client.get(take.url).status_code == 200


def test_a_track_plays_its_recording_on_the_release_and_the_song(client, exage):
    take = recording("Ergot master", "flac", b"fLaC" + b"\x00" * 60)
    song = create_song(exage, "Ergot In The Rye")
    tracks = [{"position": 1, "title": "Ergot In The Rye", "duration": "5:30", "audio": take, "song": song}]
    release = create_release(exage, "Debut", tracks=tracks)

    for url in (release.url, song.url):
        html = html_of(client, url)
        assert f'<source src="{take.url}" type="audio/flac">' in html, url
        assert "(FLAC, 64\xa0bytes)" in html


def test_a_track_recording_that_is_not_audio_is_refused_on_the_field(admin_client, exage):
    leaflet = create_document("Tour leaflet")

    response = admin_client.post(
        add_url(ReleasePage, exage), release_form(tracks=inline_formset([track(1, "One", audio=str(leaflet.pk))]))
    )

    assert "Choose an audio file (MP3, OGG, FLAC or WAV); “Tour leaflet” is a PDF file." in errors_of(response)
    assert not ReleasePage.objects.exists()


def song_form(notes):
    return nested_form_data(
        {
            "title": "Dried By Time",
            "slug": "dried-by-time",
            "music_by": "",
            "lyrics_by": "",
            "arranged_by": "",
            "lyrics": streamfield([]),
            "notes": streamfield(notes),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )


def shows_block_error(response, message):
    """Whether the editor shows this message on a block: StreamField errors reach its script as JSON data."""
    assert response.status_code == 200
    return json.dumps(message)[1:-1] in html.unescape(response.content.decode())


def test_the_audio_and_player_blocks_refuse_what_they_cannot_play(admin_client, exage):
    leaflet = create_document("Tour leaflet")
    url = add_url(SongPage, exage)

    not_audio = admin_client.post(url, song_form([("audio", {"audio": leaflet.pk, "title": "", "duration": ""})]))
    assert shows_block_error(not_audio, "Choose an audio file (MP3, OGG, FLAC or WAV); “Tour leaflet” is a PDF file.")
    album_page = admin_client.post(
        url, song_form([("listen", {"url": "https://exage.bandcamp.com/album/x", "title": ""})])
    )
    assert shows_block_error(album_page, "Enter a Spotify, SoundCloud or Apple Music link")
    assert not SongPage.objects.exists()

    take = recording()
    accepted = admin_client.post(
        url,
        song_form(
            [
                ("audio", {"audio": take.pk, "title": "Demo", "duration": "4:45"}),
                ("listen", {"url": f"{SPOTIFY_TRACK}?si=x", "title": ""}),
            ]
        ),
    )
    assert accepted.status_code == 302, errors_of(accepted)
    assert SongPage.objects.get().notes[1].value["url"] == SPOTIFY_TRACK


def test_the_admin_offers_the_sound_blocks_only_on_music_pages(admin_client, exage, essay_index):
    song_editor = admin_client.get(add_url(SongPage, exage)).content.decode()
    essay_editor = admin_client.get(reverse("wagtailadmin_pages:add", args=("blog", "essaypage", essay_index.pk)))
    assert "A recording from the media library" in song_editor and "A Bandcamp, Spotify" in song_editor
    assert "A recording from the media library" not in essay_editor.content.decode()
