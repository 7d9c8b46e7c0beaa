import pytest
from django.core.exceptions import ValidationError

from portfolio.pages.video import parse_video_url


@pytest.mark.parametrize(
    "url",
    [
        "https://youtu.be/5MSZXmbNoLg",
        "https://www.youtube.com/watch?v=5MSZXmbNoLg",
        "https://youtube.com/watch?v=5MSZXmbNoLg&list=PL123",
        "https://m.youtube.com/watch?v=5MSZXmbNoLg",
        "https://www.youtube.com/shorts/5MSZXmbNoLg",
        "https://www.youtube.com/embed/5MSZXmbNoLg",
        "https://www.youtube-nocookie.com/embed/5MSZXmbNoLg",
        "http://youtu.be/5MSZXmbNoLg",
    ],
)
def test_youtube_forms_are_recognised(url):
    video = parse_video_url(url)
    assert (video.provider, video.id) == ("youtube", "5MSZXmbNoLg")
    assert video.embed_url.startswith("https://www.youtube-nocookie.com/embed/5MSZXmbNoLg?")


@pytest.mark.parametrize(
    ("url", "video_id", "vimeo_hash"),
    [
        ("https://vimeo.com/76979871", "76979871", ""),
        ("https://vimeo.com/76979871/abc123def", "76979871", "abc123def"),
        ("https://vimeo.com/channels/staffpicks/76979871", "76979871", ""),
        ("https://player.vimeo.com/video/76979871?h=abc123def", "76979871", "abc123def"),
    ],
)
def test_vimeo_forms_are_recognised(url, video_id, vimeo_hash):
    video = parse_video_url(url)
    assert (video.provider, video.id, video.vimeo_hash) == ("vimeo", video_id, vimeo_hash)
    assert video.embed_url.startswith(f"https://player.vimeo.com/video/{video_id}?")
    assert "dnt=1" in video.embed_url


def test_tracking_parameters_are_stripped_and_the_start_time_kept():
    video = parse_video_url("https://youtu.be/an4gtPLFtuE?si=-6sk5fjDaoKBuRH3&t=90&utm_source=x&feature=shared")
    assert video.url == "https://youtu.be/an4gtPLFtuE?t=90"
    assert video.start == 90
    assert "start=90" in video.embed_url


@pytest.mark.parametrize(("value", "seconds"), [("90", 90), ("90s", 90), ("1m30s", 90), ("1h2m3s", 3723)])
def test_start_times_in_every_youtube_notation(value, seconds):
    assert parse_video_url(f"https://www.youtube.com/watch?v=5MSZXmbNoLg&t={value}").start == seconds


def test_vimeo_start_time_from_the_fragment():
    video = parse_video_url("https://vimeo.com/76979871#t=75s")
    assert video.start == 75
    assert video.embed_url.endswith("#t=75s")


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "ftp://youtu.be/5MSZXmbNoLg",
        "https://example.com/watch?v=5MSZXmbNoLg",
        "https://youtu.be/",
        "https://youtu.be/too-short",
        "https://www.youtube.com/watch?v=",
        "https://www.youtube.com/channel/UC123",
        "https://www.youtube.com/playlist?list=PL123",
        "https://vimeo.com/about",
        "https://notyoutube.com/watch?v=5MSZXmbNoLg",
        "javascript:alert(1)",
    ],
)
def test_anything_else_is_refused_with_a_clear_message(url):
    with pytest.raises(ValidationError) as error:
        parse_video_url(url)
    assert "YouTube or Vimeo" in error.value.messages[0]
