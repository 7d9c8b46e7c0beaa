"""Addresses that last: an essay renamed or a release moved in the admin leaves a permanent redirect behind
(Wagtail's redirects app), so links and bookmarks to the old address still arrive. Wagtail makes a renamed page's
redirects once the rename is committed: the tests run those on-commit callbacks."""

from django.test import Client
from django.urls import reverse

from blog.models import EssayPage
from music.models import MusicTimelinePage
from tests.factories import add_essay_url, essay_form, publish


def visit(url):
    return Client().get(url)


def test_renaming_an_essays_slug_in_the_editor_keeps_its_old_address(
    admin_client, essay_index, django_capture_on_commit_callbacks
):
    admin_client.post(add_essay_url(essay_index), essay_form(slug="first-name"))
    essay = EssayPage.objects.get(slug="first-name")
    assert visit("/essays/first-name/").status_code == 200

    edit = reverse("wagtailadmin_pages:edit", args=(essay.pk,))
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(edit, essay_form(slug="second-name")).status_code == 302

    old = visit("/essays/first-name/")
    assert (old.status_code, old["Location"]) == (301, "/essays/second-name/")
    assert visit(old["Location"]).status_code == 200


def test_moving_a_release_to_another_project_keeps_its_old_address(admin_client, make_project, make_release):
    first, second = make_project("First band"), make_project("Second band")
    release = make_release(first, "The record")
    assert visit("/projects/music/first-band/the-record/").status_code == 200

    move = reverse("wagtailadmin_pages:move_confirm", args=(release.pk, second.pk))
    assert admin_client.post(move).status_code == 302

    old = visit("/projects/music/first-band/the-record/")
    assert (old.status_code, old["Location"]) == (301, "/projects/music/second-band/the-record/")
    assert visit(old["Location"]).status_code == 200


def test_moving_a_music_project_keeps_its_old_address_and_its_releases(
    admin_client, project_index, make_project, make_release
):
    project = make_project("Señor Sónico")
    release = make_release(project, "東京 Nights", slug="tokyo-nights")
    other = publish(project_index, MusicTimelinePage(title="Side projects", slug="side"))
    old_project, old_release = project.url, release.url
    assert visit(old_release).status_code == 200

    move = reverse("wagtailadmin_pages:move_confirm", args=(project.pk, other.pk))
    assert admin_client.post(move).status_code == 302

    for old, new in [
        (old_project, "/projects/side/senor-sonico/"),
        (old_release, "/projects/side/senor-sonico/tokyo-nights/"),
    ]:
        response = visit(old)
        assert (response.status_code, response["Location"]) == (301, new)
        assert visit(new).status_code == 200


def test_renaming_a_project_keeps_the_old_addresses_of_its_releases(
    make_project, make_release, django_capture_on_commit_callbacks
):
    project = make_project("Old name")
    make_release(project, "The record")
    project.slug = "new-name"
    with django_capture_on_commit_callbacks(execute=True):
        project.save_revision().publish()

    for old, new in [
        ("/projects/music/old-name/", "/projects/music/new-name/"),
        ("/projects/music/old-name/the-record/", "/projects/music/new-name/the-record/"),
    ]:
        response = visit(old)
        assert (response.status_code, response["Location"]) == (301, new)
        assert visit(new).status_code == 200
