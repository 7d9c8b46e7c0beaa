import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Revision, Site

from blog.models import EssayIndexPage, EssayPage
from music.models import MusicProjectPage
from portfolio.models import HomePage, InitialContentLoad
from tests.environments import manage
from tests.servers import fresh_database

FIRST_ESSAY = "/essays/what-music-production-taught-me-about-software-engineering/"
SECOND_ESSAY = "/essays/non-drummers-programming-drums/"


def load_initial_data():
    out, err = io.StringIO(), io.StringIO()
    call_command("load_initial_data", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def signs_in(client, username, password):
    """Through the admin's own login form, as the author would."""
    client.logout()
    response = client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_it_builds_the_site_with_the_authors_essays(db, client):
    out, err = load_initial_data()

    assert err == ""  # no warnings
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert EssayIndexPage.objects.get().url == "/essays/"
    assert [essay.title for essay in EssayPage.objects.live().order_by("date")] == [
        "What Music Production Taught Me About Software Engineering",
        "Non-Drummers Programming Drums",
    ]
    home = client.get("/").content.decode()
    assert "What Music Production Taught Me" in home and "Non-Drummers Programming Drums" in home


def test_the_first_essay_renders_headings_lists_bold_link_and_both_videos(db, client):
    load_initial_data()

    html = client.get(FIRST_ESSAY).content.decode()

    assert '<h2 id="rookie-mode-is-a-feature">Rookie mode is a feature</h2>' in html
    assert "<li><b>Fail early</b> (while it’s cheap)</li>" in html
    assert '<a href="/projects/music/">Music</a>' in html  # resolved to the music timeline page
    assert html.count('class="video-facade video-youtube"') == 2
    assert "<figcaption>Exage - Dried By Time (Official Music Video)</figcaption>" in html
    assert "<figcaption>Exage - Ergot In The Rye (Guitar Playthrough) - the song I wrote end to end" in html
    # The videos' tracking parameters (si=...) are gone.
    assert "EhgD4Cdrpfq7ptzO" not in html and "-6sk5fjDaoKBuRH3" not in html
    assert 'class="toc"' in html


def test_the_plain_text_essay_has_its_title_date_and_tags(db, client):
    load_initial_data()

    html = client.get(SECOND_ESSAY).content.decode()

    assert '<h1 dir="auto">Non-Drummers Programming Drums</h1>' in html
    assert '<time datetime="2026-11-20">' in html
    for tag in ("ai", "engineering", "music"):
        assert f'href="/essays/tags/{tag}/"' in html
    assert html.count("<p>") > 15


def test_running_it_again_changes_and_duplicates_nothing(db):
    load_initial_data()
    pages, revisions = Page.objects.count(), Revision.objects.count()

    out, err = load_initial_data()

    assert out == "" and err == ""
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)
    assert Site.objects.count() == 1


def test_running_it_again_keeps_the_authors_edits(db):
    load_initial_data()
    essay = EssayPage.objects.get(slug="non-drummers-programming-drums")
    essay.title = "Edited in the admin"
    essay.save_revision().publish()

    load_initial_data()

    assert EssayPage.objects.get(slug="non-drummers-programming-drums").title == "Edited in the admin"


def test_running_it_again_brings_back_nothing_the_author_deleted_or_renamed(db, client):
    load_initial_data()
    EssayPage.objects.get(slug="non-drummers-programming-drums").delete()
    MusicProjectPage.objects.get(slug="discrepancy").delete()
    renamed = MusicProjectPage.objects.get(slug="caspian-ghost")
    renamed.title, renamed.slug = "Caspian Ghost Orchestra", "caspian-ghost-orchestra"
    renamed.save_revision().publish()
    pages = Page.objects.count()

    load_initial_data()

    assert Page.objects.count() == pages
    assert client.get(SECOND_ESSAY).status_code == 404
    assert client.get("/projects/music/discrepancy/").status_code == 404
    assert client.get("/projects/music/caspian-ghost/").status_code == 404
    assert client.get("/projects/music/caspian-ghost-orchestra/").status_code == 200


def test_a_database_set_up_before_loads_were_recorded_is_not_loaded_again(db):
    load_initial_data()
    InitialContentLoad.objects.all().delete()  # as a database migrated from before the record existed
    EssayPage.objects.get(slug="non-drummers-programming-drums").delete()
    pages = Page.objects.count()

    load_initial_data()
    load_initial_data()

    assert Page.objects.count() == pages
    assert InitialContentLoad.objects.count() == 1


def test_in_development_absolute_urls_follow_the_port_the_server_listens_on(db, client, settings):
    settings.DEBUG = True
    load_initial_data()
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8080"  # PORT=8080 make run

    out, _ = load_initial_data()

    assert "http://127.0.0.1:8080" in out
    html = client.get("/essays/", HTTP_HOST="127.0.0.1:8080").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8080/essays/">' in html
    assert "http://127.0.0.1:8080/essays/" in client.get("/sitemap.xml").content.decode()


def test_in_development_it_creates_an_admin_with_a_random_password_shown_once(db, client, settings):
    settings.DEBUG = True

    out, _ = load_initial_data()
    password = re.search(r"superuser 'admin' with the password (\S+)", out).group(1)
    assert len(password) >= 12
    assert signs_in(client, "admin", password)

    again, _ = load_initial_data()
    assert "password" not in again
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert signs_in(client, "admin", password)


def test_each_development_database_gets_its_own_password(db, settings):
    settings.DEBUG = True
    first, _ = load_initial_data()
    get_user_model().objects.all().delete()
    second, _ = load_initial_data()
    password = re.compile(r"password (\S+)")
    assert password.search(first).group(1) != password.search(second).group(1)


def test_outside_development_no_admin_is_created(db, settings):
    settings.DEBUG = False
    out, _ = load_initial_data()
    assert "password" not in out
    assert not get_user_model().objects.exists()


# What `make run` runs before it starts the server, each in a process of its own (Makefile).
MAKE_RUN = [["migrate", "--noinput", "-v0"], ["load_initial_data"]]
DELETE_AND_RENAME = """
from blog.models import EssayPage
from music.models import MusicProjectPage
EssayPage.objects.get(slug="non-drummers-programming-drums").delete()
project = MusicProjectPage.objects.get(slug="caspian-ghost")
project.title, project.slug = "Caspian Ghost Orchestra", "caspian-ghost-orchestra"
project.save_revision().publish()
"""
SLUGS = """
from wagtail.models import Page
print(sorted(Page.objects.values_list("slug", flat=True)))
"""


@pytest.mark.slow
@pytest.mark.django_db
def test_make_run_again_after_a_deletion_and_a_rename_brings_nothing_back(tmp_path):
    with fresh_database() as database_url:
        env = {"DATABASE_URL": database_url, "MEDIA_ROOT": str(tmp_path / "media")}

        def make_run():
            for arguments in MAKE_RUN:
                result = manage("dev", *arguments, **env)
                assert result.returncode == 0, result.stderr
            return result.stdout

        def shell(code):
            result = manage("dev", "shell", "-c", code, **env)
            assert result.returncode == 0, result.stderr
            return result.stdout.strip().splitlines()[-1]

        assert "Created the home page." in make_run()
        shell(DELETE_AND_RENAME)
        slugs = shell(SLUGS)

        assert "Created" not in make_run()

        assert shell(SLUGS) == slugs
        assert "non-drummers-programming-drums" not in slugs
        assert "caspian-ghost-orchestra" in slugs and "caspian-ghost" not in slugs.replace(
            "caspian-ghost-orchestra", ""
        )


def test_each_band_lists_only_the_essays_about_it(db, client):
    load_initial_data()

    assert {project.title: [tag.name for tag in project.tags.all()] for project in MusicProjectPage.objects.all()} == {
        "Exage": ["Exage"],
        "Harvard Process": ["Harvard Process"],
        "Discrepancy": ["Discrepancy"],
        "Caspian Ghost": ["Caspian Ghost"],
    }
    exage = client.get("/projects/music/exage/").content.decode()
    assert "What Music Production Taught Me" in exage and "Non-Drummers Programming Drums" not in exage
    for band in ("harvard-process", "discrepancy", "caspian-ghost"):
        assert "What Music Production Taught Me" not in client.get(f"/projects/music/{band}/").content.decode()
    first_essay_tags = EssayPage.objects.get(
        url_path__endswith="/what-music-production-taught-me-about-software-engineering/"
    )
    assert sorted(tag.name for tag in first_essay_tags.tags.all()) == ["Engineering", "Exage", "Music"]


def test_the_seeded_site_names_no_one_until_the_author_does(db, client, django_user_model):
    load_initial_data()

    home = client.get("/").content.decode()
    assert '<a class="site-name" href="/">Home</a>' in home and "Portfolio" not in home
    assert "<title>Software and music</title>" in home
    client.force_login(django_user_model.objects.create_superuser("author", "", "a-long-password-1"))
    assert "Who is the author?" in client.get(reverse("wagtailadmin_home")).content.decode()
