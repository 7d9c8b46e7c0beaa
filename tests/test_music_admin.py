"""The admin's page forms for the portfolio and music pages: what they accept, and what they refuse and where."""

import html
import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from music.models import MusicProjectPage, MusicTimelinePage, MusicVideo, ReleasePage
from portfolio.models import ProjectIndexPage, ProjectPage


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk))


def video(**fields):
    return {
        "title": "Dried By Time",
        "url": "https://youtu.be/5MSZXmbNoLg",
        "kind": "official",
        "date": "",
        "year": "",
        "release": "",
        "track": "",
        "thumbnail": "",
        **fields,
    }


def music_project_form(**overrides):
    data = {
        "title": "Exage",
        "slug": "exage",
        "kind": "band",
        "start_year": "2010",
        "end_year": "2019",
        "roles": "Vocals, Guitar",
        "genres": "Modern metal, Metalcore",
        "summary": "A metal band.",
        "image": "",
        "tags": "Music",
        "body": streamfield([]),
        "members": inline_formset([]),
        "links": inline_formset([{"url": "https://open.spotify.com/artist/5uz4tOA6Ao23QNgoPagWIq?si=abc"}]),
        "videos": inline_formset([video(url="https://youtu.be/5MSZXmbNoLg?si=EhgD4Cdrpfq7ptzO&t=42")]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def track(position, title, duration="3:45", **fields):
    return {
        "position": str(position),
        "title": title,
        "duration": duration,
        "credits": "",
        "video_url": "",
        "performers": inline_formset([]),
        **fields,
    }


def release_form(**overrides):
    data = {
        "title": "Debut",
        "slug": "debut",
        "release_type": "album",
        "release_year": "2016",
        "release_month": "3",
        "release_day": "",
        "label": "",
        "cover": "",
        "liner_notes": rich_text(""),
        "tracks": inline_formset([track(1, "Dried By Time", "4:45"), track(2, "Ergot In The Rye", "5:30")]),
        "credits": inline_formset([]),
        "links": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def project_form(**overrides):
    data = {
        "title": "Search engine",
        "slug": "search-engine",
        "role": "Lead engineer",
        "start_year": "2015",
        "end_year": "2018",
        "summary": "Full-text search for a newsroom.",
        "image": "",
        "technologies": "Python, PostgreSQL",
        "body": streamfield([]),
        "links": inline_formset([{"url": "https://github.com/example/search", "label": "Source code"}]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def errors_of(response):
    """The error messages the editor shows, in page order."""
    found = re.findall(
        r'class="error-message"[^>]*>\s*(?:<svg.*?</svg>)?\s*([^<]+?)\s*<', response.content.decode(), re.S
    )
    return [html.unescape(message) for message in found if message.strip()]


# The project index and the timeline


def test_the_project_index_and_timeline_are_created_in_the_admin(admin_client, home):
    data = nested_form_data(
        {
            "title": "Projects",
            "slug": "projects",
            "intro": rich_text(""),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    assert admin_client.post(add_url(ProjectIndexPage, home), data).status_code == 302
    projects = ProjectIndexPage.objects.get()
    data.update({"title": "Music", "slug": "music"})
    assert admin_client.post(add_url(MusicTimelinePage, projects), data).status_code == 302
    assert MusicTimelinePage.objects.get().url == "/projects/music/"


# Music projects


def test_a_music_project_is_created_with_links_and_videos_cleaned(admin_client, timeline, client):
    response = admin_client.post(add_url(MusicProjectPage, timeline), music_project_form())

    assert response.status_code == 302
    band = MusicProjectPage.objects.get()
    assert band.live and (band.start_year, band.end_year) == (2010, 2019)
    assert [tag.name for tag in band.tags.all()] == ["Music"]
    [link] = band.links.all()
    assert link.platform.name == "Spotify"
    [clip] = band.videos.all()
    assert clip.url == "https://youtu.be/5MSZXmbNoLg?t=42"
    assert "si=" not in clip.url and clip.video.start == 42
    assert client.get("/projects/music/exage/").status_code == 200


def test_a_music_project_can_be_previewed(admin_client, timeline):
    url = reverse("wagtailadmin_pages:preview_on_add", args=("music", "musicprojectpage", timeline.pk))
    response = admin_client.post(url, music_project_form())
    assert response.json() == {"is_valid": True, "is_available": True}
    assert "Modern metal, Metalcore" in admin_client.get(url).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"end_year": "2008"}, "The end year (2008) cannot be before the start year (2010)."),
        ({"start_year": "1492"}, "Ensure this value is greater than or equal to 1900."),
        ({"summary": ""}, "This field is required."),
        (
            {"videos": inline_formset([video(url="https://example.com/video.mp4")])},
            "Enter a YouTube or Vimeo video link",
        ),
        (
            {"videos": inline_formset([video(date="2016-03-12", year="2015")])},
            "The year does not match the date (2016)",
        ),
    ],
)
def test_a_music_project_with_a_mistake_is_refused_with_the_message_on_the_field(
    admin_client, timeline, overrides, field_error
):
    response = admin_client.post(add_url(MusicProjectPage, timeline), music_project_form(**overrides))

    assert response.status_code == 200
    assert any(message.startswith(field_error) for message in errors_of(response)), errors_of(response)
    assert not MusicProjectPage.objects.exists()


def test_a_wrong_video_link_is_said_once(admin_client, timeline):
    form = music_project_form(videos=inline_formset([video(url="https://example.com/video.mp4")]))
    response = admin_client.post(add_url(MusicProjectPage, timeline), form)

    messages = [message for message in errors_of(response) if "YouTube or Vimeo" in message]
    assert len(messages) == 1, errors_of(response)
    assert messages[0].count("YouTube or Vimeo") == 1


def test_a_video_links_to_a_release_and_a_track_of_its_own_project(admin_client, make_project, make_release):
    band = make_project("Exage")
    debut = make_release(band, "Debut", tracks=[{"position": 1, "title": "Dried By Time"}])
    other = make_release(make_project("Other"), "Other record", tracks=[{"position": 1, "title": "Elsewhere"}])
    edit = reverse("wagtailadmin_pages:edit", args=(band.pk,))

    def post(**fields):
        return admin_client.post(edit, music_project_form(slug="exage", videos=inline_formset([video(**fields)])))

    good = post(release=str(debut.pk), track=str(debut.tracks.get().pk))
    assert good.status_code == 302
    clip = MusicVideo.objects.get(page=band)
    assert (clip.release.specific, clip.track.title) == (debut, "Dried By Time")

    wrong_release = post(release=str(other.pk))
    assert "Choose one of this project's own releases." in errors_of(wrong_release)
    wrong_track = post(release=str(debut.pk), track=str(other.tracks.get().pk))
    assert "This track is not on Debut." in errors_of(wrong_track)


def test_the_video_track_choices_name_their_release(admin_client, make_project, make_release):
    band = make_project("Exage")
    make_release(band, "Debut", tracks=[{"position": 1, "title": "Dried By Time"}])
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(band.pk,))).content.decode()
    assert "Debut — 1. Dried By Time" in html


# Releases


def test_a_release_is_created_with_its_tracks(admin_client, make_project, client):
    band = make_project("Exage")

    response = admin_client.post(add_url(ReleasePage, band), release_form())

    assert response.status_code == 302
    release = ReleasePage.objects.get()
    assert release.release_date == "March 2016"
    assert [(item.position, item.title, item.duration) for item in release.track_list] == [
        (1, "Dried By Time", "4:45"),
        (2, "Ergot In The Rye", "5:30"),
    ]
    assert "<dt>Running time</dt><dd>10:15</dd>" in client.get("/projects/music/exage/debut/").content.decode()


def test_a_release_can_be_previewed(admin_client, make_project):
    band = make_project("Exage")
    url = reverse("wagtailadmin_pages:preview_on_add", args=("music", "releasepage", band.pk))
    assert admin_client.post(url, release_form()).json()["is_valid"]
    assert "Ergot In The Rye" in admin_client.get(url).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"tracks": inline_formset([track(1, "One", "3.45")])}, "Enter the duration as minutes:seconds"),
        ({"tracks": inline_formset([track(1, "One", "3:75")])}, "Enter the duration as minutes:seconds"),
        ({"tracks": inline_formset([track(1, "One"), track(1, "Two")])}, "Position 1 is already taken by “One”."),
        ({"tracks": inline_formset([track(0, "Zero")])}, "Ensure this value is greater than or equal to 1."),
        (
            {"tracks": inline_formset([track(1, "One", video_url="https://example.com/clip")])},
            "Enter a YouTube or Vimeo video link",
        ),
        ({"release_year": "", "release_month": "3"}, "Give the year too, or leave the month empty."),
        ({"release_month": "", "release_day": "12"}, "Give the month too, or leave the day empty."),
        ({"release_month": "2", "release_day": "30"}, "February 2016 has no day 30."),
    ],
)
def test_a_release_with_a_mistake_is_refused_with_the_message_on_the_field(
    admin_client, make_project, overrides, field_error
):
    band = make_project("Exage")

    response = admin_client.post(add_url(ReleasePage, band), release_form(**overrides))

    assert response.status_code == 200
    assert any(message.startswith(field_error) for message in errors_of(response)), errors_of(response)
    assert not ReleasePage.objects.exists()


def test_a_deleted_track_frees_its_position(admin_client, make_project):
    band = make_project("Exage")
    tracks = inline_formset([track(1, "Old"), track(1, "New")])
    tracks["0"]["DELETE"] = "1"
    response = admin_client.post(add_url(ReleasePage, band), release_form(tracks=tracks))
    assert response.status_code == 302
    assert [item.title for item in ReleasePage.objects.get().track_list] == ["New"]


# Other projects


def test_a_software_project_is_created(admin_client, project_index, client):
    assert admin_client.post(add_url(ProjectPage, project_index), project_form()).status_code == 302
    project = ProjectPage.objects.get()
    assert [tag.name for tag in project.technology_list] == ["PostgreSQL", "Python"]
    assert "Source code" in client.get("/projects/search-engine/").content.decode()


def test_a_software_project_ending_before_it_starts_is_refused(admin_client, project_index):
    response = admin_client.post(add_url(ProjectPage, project_index), project_form(end_year="2010"))
    assert "The end year (2010) cannot be before the start year (2015)." in errors_of(response)
    assert not ProjectPage.objects.exists()
