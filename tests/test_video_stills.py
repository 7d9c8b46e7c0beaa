"""A video's still is fetched once, by the server, as the video is saved: the reader's browser never asks YouTube or
Vimeo for anything. The platforms are played by a loopback server."""

import io
import json
import re
import socket
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from wagtail.test.utils.form_data import inline_formset, streamfield

from music.models import MusicProjectPage
from portfolio.models import VideoStill
from tests.conftest import AUTHOR_ESSAYS
from tests.factories import add_essay_url, create_image, essay_form, image_bytes, media_files
from tests.servers import loopback_http_server
from tests.sockets import silent_port
from tests.test_music import of_type
from tests.test_music_admin import add_url, music_project_form, video

MISSING = "an4gtPLFtuE"  # the platform answers 404 for this one


class Platforms(BaseHTTPRequestHandler):
    """YouTube's still addresses and Vimeo's oEmbed answers and stills, on loopback."""

    def do_GET(self):
        self.server.asked.append(self.path)
        address = urlsplit(self.path)
        if address.path.startswith("/vi/") and MISSING not in address.path:
            return self.answer(200, "image/jpeg", image_bytes(480, 360, format="JPEG"))
        if address.path == "/oembed":
            vimeo_id = parse_qs(address.query)["url"][0].rstrip("/").rsplit("/", 1)[1]
            still = f"http://127.0.0.1:{self.server.server_port}/vimeo/{vimeo_id}.jpg"
            return self.answer(200, "application/json", json.dumps({"thumbnail_url": still}).encode())
        if address.path.startswith("/vimeo/"):
            return self.answer(200, "image/jpeg", image_bytes(640, 360, format="JPEG", color=(20, 90, 160)))
        self.answer(404, "image/jpeg", image_bytes(120, 90, format="JPEG"))  # YouTube's grey placeholder

    def answer(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def platforms(settings):
    with loopback_http_server(Platforms) as server:
        server.asked = []
        base = server.url
        settings.VIDEO_STILL_URLS = {
            "youtube": f"{base}/vi/{{id}}/hqdefault.jpg",
            "vimeo": f"{base}/oembed?url={{url}}",
        }
        yield server


def facades(html):
    return re.findall(r'<a class="video-facade[^"]*".*?</a>', html, re.S)


def test_a_video_saved_in_the_admin_gets_its_still_once_and_the_page_asks_no_other_host(
    admin_client, client, timeline, platforms
):
    response = admin_client.post(add_url(MusicProjectPage, timeline), music_project_form())
    assert response.status_code == 302

    [still] = VideoStill.objects.all()
    assert (still.provider, still.video_id, still.image.width) == ("youtube", "5MSZXmbNoLg", 480)
    assert platforms.asked == ["/vi/5MSZXmbNoLg/hqdefault.jpg"]
    [facade] = facades(client.get("/projects/music/exage/").content.decode())
    assert 'class="video-facade video-youtube has-still"' in facade
    assert re.search(r'<img alt="" class="video-thumbnail"[^>]* src="/media/images/youtube-5MSZXmbNoLg', facade)
    assert "ytimg" not in facade

    band = MusicProjectPage.objects.get()
    edit = f"/admin/pages/{band.pk}/edit/"
    assert admin_client.post(edit, music_project_form(title="Exage (band)")).status_code == 302
    assert platforms.asked == ["/vi/5MSZXmbNoLg/hqdefault.jpg"]  # once, whatever the number of saves


def test_a_failed_fetch_leaves_the_plain_facade_and_warns_the_author(admin_client, client, timeline, platforms):
    form = music_project_form(
        videos=inline_formset([video(title="Ergot In The Rye", url=f"https://youtu.be/{MISSING}")])
    )

    response = admin_client.post(add_url(MusicProjectPage, timeline), form, follow=True)

    assert "The still of “Ergot In The Rye” could not be fetched from YouTube" in response.content.decode()
    assert not VideoStill.objects.exists()
    [facade] = facades(client.get("/projects/music/exage/").content.decode())
    assert 'class="video-facade video-youtube"' in facade and "<img" not in facade


def test_a_platform_that_never_answers_costs_the_author_one_timeout(admin_client, timeline, settings):
    settings.VIDEO_STILL_TIMEOUT = 0.5
    with silent_port() as (port, _accepted):
        settings.VIDEO_STILL_URLS = {"youtube": f"http://127.0.0.1:{port}/vi/{{id}}/hqdefault.jpg", "vimeo": ""}
        response = admin_client.post(add_url(MusicProjectPage, timeline), music_project_form(), follow=True)

    assert "could not be fetched from YouTube" in response.content.decode()
    assert MusicProjectPage.objects.get().live


def still_open(connection):
    """Whether the other end still holds the connection: a closed one reads as end of file at once."""
    connection.setblocking(False)
    try:
        return connection.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True


def test_ten_videos_on_a_hung_host_wait_for_one_deadline_not_ten_timeouts(admin_client, timeline, settings):
    # Each download would wait a minute for the host; the save gives up on all of them together at the deadline.
    settings.VIDEO_STILL_TIMEOUT = 60
    settings.VIDEO_STILL_DEADLINE = 0.5
    titles = [
        "Dried By Time",
        "Ergot In The Rye",
        "Sœurs",
        "Żałoba",
        "夜の街",
        "حلم",
        "שיר",
        "🎸 Riff",
        "Ñandú",
        "Ølstue",
    ]
    ids = [f"{number:02d}" + "xXyYzZ_-a" for number in range(10)]
    rows = [video(title=title, url=f"https://youtu.be/{id}") for title, id in zip(titles, ids, strict=True)]
    with silent_port() as (port, accepted):
        settings.VIDEO_STILL_URLS = {"youtube": f"http://127.0.0.1:{port}/vi/{{id}}/hqdefault.jpg", "vimeo": ""}
        form = music_project_form(videos=inline_formset(rows))
        response = admin_client.post(add_url(MusicProjectPage, timeline), form, follow=True)

        # Four downloads ran side by side and were still waiting when the editor got the page back; the other six
        # were never started.
        assert len(accepted) == 4
        assert all(still_open(connection) for connection in accepted)

    said = response.content.decode()
    assert said.count("could not be fetched from YouTube (no answer within 0.5 s)") == 10
    assert all(f"“{title}”" in said for title in titles)
    assert MusicProjectPage.objects.get().live and not VideoStill.objects.exists()


def test_a_videos_structured_data_names_its_fetched_still_on_the_sites_own_host(
    admin_client, client, timeline, platforms
):
    form = music_project_form(
        videos=inline_formset([video(), video(title="Ergot In The Rye", url=f"https://youtu.be/{MISSING}")])
    )
    assert admin_client.post(add_url(MusicProjectPage, timeline), form).status_code == 302

    fetched, missing = of_type(client.get("/projects/music/exage/").content.decode(), "VideoObject")

    path = fetched["thumbnailUrl"].removeprefix("http://localhost/media/")
    assert re.fullmatch(r"images/youtube-5MSZXmbNoLg\.\w+\.fill-1280x720\.format-jpeg\.jpg", path)
    assert path in [str(file) for file in media_files()]
    assert missing["name"] == "Ergot In The Rye" and "thumbnailUrl" not in missing


def test_a_vimeo_still_comes_from_the_still_its_oembed_answer_names(admin_client, client, essay_index, platforms):
    body = streamfield([("video", {"url": "https://vimeo.com/76979871", "caption": "Ein Film über Lärm"})])

    response = admin_client.post(add_essay_url(essay_index), essay_form(body=body))

    assert response.status_code == 302
    assert platforms.asked[0].startswith("/oembed?url=https%3A%2F%2Fvimeo.com%2F76979871")
    assert platforms.asked[1:] == ["/vimeo/76979871.jpg"]
    [facade] = facades(client.get("/essays/written-in-the-admin/").content.decode())
    assert "video-vimeo has-still" in facade and "/media/images/vimeo-76979871" in facade
    assert "on Vimeo" in facade


def test_a_still_the_author_chose_is_kept_and_nothing_is_fetched(admin_client, client, timeline, platforms):
    chosen = create_image("Chosen still")
    form = music_project_form(videos=inline_formset([video(thumbnail=str(chosen.pk))]))

    assert admin_client.post(add_url(MusicProjectPage, timeline), form).status_code == 302

    assert platforms.asked == [] and not VideoStill.objects.exists()
    [facade] = facades(client.get("/projects/music/exage/").content.decode())
    assert "/media/images/chosen-still" in facade


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # stills are fetched once the run is committed
def test_the_importer_fetches_the_stills_of_an_essays_videos_and_says_which_failed(client, essay_index, platforms):
    err = io.StringIO()
    essay = AUTHOR_ESSAYS / "what-music-production-taught-me-about-software-engineering.md"

    call_command("import_essays", str(essay), stdout=io.StringIO(), stderr=err)

    assert [still.video_id for still in VideoStill.objects.all()] == ["5MSZXmbNoLg"]
    assert "“Exage - Ergot In The Rye (Guitar Playthrough)" in err.getvalue()
    assert "could not be fetched from YouTube (Not Found)" in err.getvalue()
    html = client.get("/essays/what-music-production-taught-me-about-software-engineering/").content.decode()
    stills = [("has-still" in facade) for facade in facades(html)]
    assert stills == [True, False]
