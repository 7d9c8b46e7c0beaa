"""Public pages are served from the cache until something a visitor could see changes."""

import datetime
import gzip

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from portfolio import content_cache, page_cache
from portfolio.models import AuthorSettings
from tests.factories import create_image


def visit(client, url):
    response = client.get(url)
    return response.status_code, response.get("X-Page-Cache"), response.content.decode()


def test_a_second_visit_is_served_from_the_cache_without_the_database(client, make_essay):
    make_essay("Cached")

    assert visit(client, "/essays/cached/")[1] == "miss"
    with CaptureQueriesContext(connection) as queries:
        status, cache, html = visit(client, "/essays/cached/")

    assert (status, cache) == (200, "hit")
    assert "The text of Cached." in html
    assert len(queries) == 0


def test_a_page_this_process_served_lately_is_not_read_from_the_shared_cache_again(client, make_essay, monkeypatch):
    make_essay("Cached")
    visit(client, "/essays/cached/")
    visit(client, "/essays/cached/")
    reads = []
    read = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: reads.append(key) or read(key, *args, **kwargs))

    status, hit, html = visit(client, "/essays/cached/")

    assert (status, hit) == (200, "hit")
    assert "The text of Cached." in html
    assert not [key for key in reads if key.startswith("page:")]


def test_the_pages_a_process_keeps_stay_within_their_bound(client, make_essay, monkeypatch):
    monkeypatch.setattr(page_cache, "RECENT_PAGES_BYTES", 3 * len(client.get(make_essay("First").url).content))
    for number in range(8):
        url = make_essay(f"Essay {number}").url
        visit(client, url)
        assert visit(client, url)[1] == "hit"

    assert 0 < sum(len(page.content) for page in page_cache.recent_pages.values()) <= page_cache.RECENT_PAGES_BYTES


@pytest.fixture
def next_release(settings, tmp_path):
    """Makes a new release of the code, as deploying one does: a template changes and the server restarts."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    content_cache.release.cache_clear()

    def deploy():
        (tmp_path / "changed.html").write_text("A template of the next release.")
        content_cache.release.cache_clear()

    yield deploy
    content_cache.release.cache_clear()


def test_a_new_release_of_the_code_never_serves_what_the_previous_one_cached(client, make_essay, next_release):
    make_essay("Cached")
    visit(client, "/essays/cached/")
    assert visit(client, "/essays/cached/")[1] == "hit"

    next_release()

    assert visit(client, "/essays/cached/")[1] == "miss"
    assert visit(client, "/essays/cached/")[1] == "hit"


@pytest.mark.parametrize("url", ["/essays/compressed/", "/essays/feed/"])
def test_pages_are_compressed_for_clients_that_accept_it_and_cached_both_ways(client, make_essay, url):
    make_essay("Compressed")
    gzip_accepted = {"Accept-Encoding": "gzip, deflate, br"}

    plain = client.get(url)
    first, again = client.get(url, headers=gzip_accepted), client.get(url, headers=gzip_accepted)

    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again["Content-Encoding"] == "gzip" and "Accept-Encoding" in again["Vary"]
    assert gzip.decompress(again.content) == plain.content
    assert len(again.content) < len(plain.content)
    plain_again = client.get(url)
    assert plain_again["X-Page-Cache"] == "hit" and "Content-Encoding" not in plain_again
    assert plain_again.content == plain.content


def test_each_address_is_cached_on_its_own(client, make_essay, settings):
    settings.ESSAYS_PER_PAGE = 1
    make_essay("Essay A", date=datetime.date(2024, 1, 1))
    make_essay("Essay B", date=datetime.date(2025, 1, 1))
    visit(client, "/essays/")
    assert "Essay A" in visit(client, "/essays/?page=2")[2]
    assert "Essay A" not in visit(client, "/essays/")[2]


def test_made_up_query_parameters_are_rendered_but_never_cached(client, make_essay):
    make_essay("Tracked")
    visit(client, "/essays/tracked/?utm_source=newsletter")
    assert visit(client, "/essays/tracked/?utm_source=newsletter")[1] is None


def publish_edit(page, **fields):
    revision_page = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(revision_page, name, value)
    revision_page.save_revision().publish()


LISTINGS = ["/", "/essays/", "/essays/tags/music/", "/essays/feed/", "/sitemap.xml", "/projects/music/"]


def warm(client, urls):
    for url in urls:
        visit(client, url)
        assert visit(client, url)[1] == "hit", url


def test_publishing_a_change_refreshes_the_page_and_every_page_that_lists_it(
    client, make_essay, timeline, make_project
):
    make_project("Band", tags=["Music"])
    essay = make_essay(
        "First title", tags=["Music"], description="About it.", body=[{"type": "paragraph", "value": "<p>Body.</p>"}]
    )
    warm(client, ["/essays/first-title/", *LISTINGS])

    publish_edit(essay, title="Second title", description="Rewritten.")

    for url in ["/essays/first-title/", *LISTINGS]:
        status, cache, html = visit(client, url)
        assert status == 200 and cache == "miss", url
        assert "First title" not in html, url
        assert "Second title" in html or url == "/sitemap.xml", url


def test_a_new_essay_appears_at_once_in_every_listing(client, make_essay, timeline, make_project):
    make_project("Band", tags=["Music"])
    make_essay("Old one", tags=["Music"])
    warm(client, LISTINGS)

    make_essay("Brand new", tags=["Music"], date=datetime.date(2026, 1, 1))

    for url in LISTINGS:
        assert ("brand-new" if url == "/sitemap.xml" else "Brand new") in visit(client, url)[2], url


def test_unpublishing_takes_the_page_and_its_listings_down_at_once(client, make_essay):
    essay = make_essay("Going away", tags=["Music"])
    warm(client, ["/essays/going-away/", "/essays/", "/essays/feed/"])

    essay.unpublish()

    assert visit(client, "/essays/going-away/")[0] == 404
    assert "Going away" not in visit(client, "/essays/")[2]
    assert "Going away" not in visit(client, "/essays/feed/")[2]


def test_moving_a_page_serves_it_at_its_new_address_only(client, make_essay, timeline, make_project):
    band = make_project("Band")
    other = make_project("Other band")
    from tests.factories import create_release

    release = create_release(band, "Record")
    warm(client, ["/projects/music/band/record/", "/projects/music/band/"])

    release.move(other, pos="last-child")

    old = client.get("/projects/music/band/record/")
    assert (old.status_code, old["Location"]) == (301, "/projects/music/other-band/record/")  # Wagtail's redirect
    assert "Record" not in visit(client, "/projects/music/band/")[2]
    assert visit(client, "/projects/music/other-band/record/")[0] == 200


def test_deleting_a_page_removes_it_and_its_mentions(client, make_essay):
    essay = make_essay("Deleted soon")
    warm(client, ["/essays/deleted-soon/", "/essays/"])

    essay.delete()

    assert visit(client, "/essays/deleted-soon/")[0] == 404
    assert "Deleted soon" not in visit(client, "/essays/")[2]


def test_a_page_made_private_is_no_longer_served_to_visitors(client, make_essay):
    essay = make_essay("Secret")
    warm(client, ["/essays/secret/", "/essays/"])

    PageViewRestriction.objects.create(page=essay, restriction_type="login")

    assert visit(client, "/essays/secret/")[0] == 302
    assert "Secret" not in visit(client, "/essays/")[2]


def test_changing_an_image_or_the_author_refreshes_the_pages_that_show_them(client, make_essay):
    image = create_image("Desk")
    value = {"image": {"image": image.pk, "alt_text": "A desk", "decorative": False}, "caption": ""}
    make_essay("Pictured", body=[{"type": "image", "value": value}])
    warm(client, ["/essays/pictured/"])

    image.delete()
    assert "A desk" not in visit(client, "/essays/pictured/")[2]

    author = AuthorSettings.for_site(Site.objects.get())
    author.name = "Ada Example"
    author.save()
    assert "© 20" in visit(client, "/essays/pictured/")[2] and "Ada Example" in visit(client, "/essays/pictured/")[2]


def test_renaming_the_site_or_editing_the_home_page_shows_at_once_even_to_editors(admin_client, home):
    visitor = Client()
    warm(visitor, ["/"])
    visit(admin_client, "/")  # the request's Site and home page are cached for editors too

    site = Site.objects.get()
    site.site_name = "Renamed"
    site.save()
    home.intro = "<p>A new introduction.</p>"
    home.save_revision().publish()

    for reader in (visitor, admin_client):
        html = visit(reader, "/")[2]
        assert "· Renamed</title>" in html and "A new introduction." in html


def test_logged_in_editors_always_get_a_fresh_page_and_never_fill_the_cache(admin_client, make_essay):
    essay = make_essay("Edited")
    status, cache, _html = visit(admin_client, "/essays/edited/")
    assert (status, cache) == (200, None)

    essay.title = "Changed without publishing"
    essay.save()  # a direct save sends no publish signal: only an uncached render can show it

    assert "Changed without publishing" in visit(admin_client, "/essays/edited/")[2]
    assert visit(Client(), "/essays/edited/")[1] == "miss"  # the editor's visits stored nothing


def test_previews_are_never_cached(admin_client, make_essay):
    from django.urls import reverse

    from tests.factories import essay_form

    essay = make_essay("Previewed")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(essay.pk,))
    admin_client.post(url, essay_form(slug="previewed", title="Draft title"))
    response = admin_client.get(url)
    assert "Draft title" in response.content.decode() and "X-Page-Cache" not in response


@pytest.mark.parametrize("url", ["/search/?q=x", "/no-such-page/", "/admin/login/"])
def test_searches_errors_and_the_admin_are_never_cached(client, home, url):
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)
