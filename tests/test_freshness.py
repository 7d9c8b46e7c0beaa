"""A change made by any process (an import, a scheduled publication, a setting saved from a shell, an image
deleted) shows on the next request to every server process, whichever server serves the site and whatever its
cache: runserver as `make run` starts it, gunicorn with the production settings, with and without Redis."""

import datetime
import io
import textwrap
import time

import pytest
from PIL import Image

from tests.servers import fresh_database, redis_server, serving

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Every page type that lists essays, or shows what every page shows.
LISTINGS = [
    "/",
    "/essays/",
    "/essays/tags/music/",
    "/essays/feed/",
    "/essays/feed/atom/",
    "/projects/music/",
    "/projects/music/?kind=essay",
    "/projects/music/exage/",
]
# Requests a URL gets after a change: gunicorn's three workers each answer some of them.
REQUESTS_EACH = 6


@pytest.fixture(scope="module", params=["runserver", "gunicorn", "gunicorn with Redis"])
def site(request, tmp_path_factory, django_db_blocker):
    folder = tmp_path_factory.mktemp(request.param.replace(" ", "-"))
    with django_db_blocker.unblock(), fresh_database() as database_url:
        if request.param == "gunicorn with Redis":
            with (
                redis_server(folder) as (_redis, redis_url),
                serving("gunicorn", folder, database_url, REDIS_URL=redis_url) as site,
            ):
                yield site
        else:
            with serving(request.param, folder, database_url) as site:
                yield site


def warm(site, urls):
    for url in urls:
        assert site.get(url)[0] == 200, url
        status, headers, _body = site.get(url)
        assert (status, headers.get("X-Page-Cache")) == (200, "hit"), url


def stale(site, urls, fresh):
    """The URLs whose answer, in any of several requests, does not show what `fresh(url, body)` looks for."""
    found = []
    for url in urls:
        for _ in range(REQUESTS_EACH):
            status, _headers, body = site.get(url)
            if status != 200 or not fresh(url, body):
                found.append((url, status))
    return found


def essay_file(folder, slug, title, body="A new essay.", **front_matter):
    today = datetime.date.today().isoformat()
    header = "".join(f"{key}: {value}\n" for key, value in {"title": title, "date": today, **front_matter}.items())
    (folder / f"{slug}.md").write_text(f"---\n{header}---\n\n{textwrap.dedent(body).strip()}\n", encoding="utf-8")


def red_square(path):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())


def test_an_essay_imported_from_a_terminal_shows_at_once_everywhere(site, tmp_path):
    warm(site, LISTINGS)
    # Tagged as the seeded band is, so that its page and the timeline list it too.
    essay_file(tmp_path, "imported-from-a-terminal", "Imported from a terminal", tags="[Music, Exage]", featured="true")

    site.manage("import_essays", str(tmp_path))

    assert stale(site, LISTINGS, lambda url, body: "Imported from a terminal" in body) == []
    assert site.get("/essays/imported-from-a-terminal/")[0] == 200
    assert "imported-from-a-terminal" in site.get("/sitemap.xml")[2]


def test_a_scheduled_essay_goes_live_when_publish_scheduled_runs(site):
    warm(site, LISTINGS)
    site.shell(
        textwrap.dedent("""
            import datetime
            from django.utils import timezone
            from blog.models import EssayIndexPage, EssayPage
            index = EssayIndexPage.objects.get()
            essay = EssayPage(title="Scheduled for later", slug="scheduled-for-later", description="Soon.",
                              body=[("paragraph", "<p>Soon.</p>")], live=False)
            index.add_child(instance=essay)
            essay.tags.add("Music", "Exage")
            essay.go_live_at = timezone.now() + datetime.timedelta(seconds=1)
            essay.save_revision().publish()
            assert not EssayPage.objects.get(pk=essay.pk).live
        """)
    )
    assert stale(site, ["/essays/"], lambda url, body: "Scheduled for later" not in body) == []

    time.sleep(1.5)
    site.manage("publish_scheduled")

    assert stale(site, LISTINGS, lambda url, body: "Scheduled for later" in body) == []


def test_an_author_setting_saved_from_a_shell_shows_on_every_page(site):
    pages = [*LISTINGS, "/essays/non-drummers-programming-drums/", "/about/"]
    warm(site, pages)

    site.shell(
        "from wagtail.models import Site\n"
        "from portfolio.models import AuthorSettings\n"
        "AuthorSettings.objects.update_or_create(site=Site.objects.get(is_default_site=True), "
        "defaults={'name': 'Zoë Ångström-Núñez'})\n"
    )

    assert stale(site, pages, lambda url, body: "Zoë Ångström-Núñez" in body or "feed" in url) == []


def test_an_image_deleted_from_a_shell_leaves_every_page_that_showed_it(site, tmp_path):
    red_square(tmp_path / "red.png")
    essay_file(tmp_path, "pictured", "Pictured", body="![A red square](red.png)", tags="[Music]")
    site.manage("import_essays", str(tmp_path))
    warm(site, ["/essays/pictured/", "/essays/feed/"])
    assert 'alt="A red square"' in site.get("/essays/pictured/")[2]

    site.shell("from wagtail.images import get_image_model\nget_image_model().objects.get(title='red').delete()\n")

    assert stale(site, ["/essays/pictured/", "/essays/feed/"], lambda url, body: "A red square" not in body) == []
