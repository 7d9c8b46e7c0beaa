"""Public pages are served from the cache until something a visitor could see changes."""

import datetime
import gzip

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

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


def test_a_new_release_is_migrated_and_never_serves_what_the_previous_one_cached(client, make_essay):
    make_essay("Cached")
    visit(client, "/essays/cached/")
    assert visit(client, "/essays/cached/")[1] == "hit"

    call_command("migrate", "--noinput", verbosity=0)  # as every release is, before it serves

    assert visit(client, "/essays/cached/")[1] == "miss"
    assert visit(client, "/essays/cached/")[1] == "hit"


def test_public_pages_may_be_kept_by_shared_caches_and_are_asked_for_again_by_browsers(client, make_essay, settings):
    make_essay("Shared")

    for response in (client.get("/essays/shared/"), client.get("/essays/shared/")):
        assert response["Cache-Control"] == f"public, max-age=0, s-maxage={settings.SHARED_CACHE_SECONDS}"
        assert "Expires" not in response
    assert "s-maxage" not in client.get("/essays/no-such-essay/").get("Cache-Control", "")


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


@pytest.mark.parametrize(
    "address",
    [
        "/essays/tracked/?utm_source=newsletter",
        "/essays/?page=1",  # the first page's address has no page number
        "/essays/?page=02",
        "/essays/?page=2&page=2",
        "/projects/music/?kind=video&kind=video",
        "/projects/music/?project=band&kind=video",  # out of order
        "/projects/music/?kind=%76ideo",  # written another way
    ],
)
def test_only_canonical_addresses_are_cached(client, make_essay, timeline, make_project, settings, address):
    settings.ESSAYS_PER_PAGE = 1
    make_essay("Tracked")
    make_essay("Another")
    make_project("Band", videos=[{"title": "Clip", "url": "https://youtu.be/5MSZXmbNoLg", "kind": "live"}])

    assert client.get(address).status_code == 200
    assert "X-Page-Cache" not in client.get(address)


@pytest.mark.parametrize("address", ["/essays/?page=2", "/projects/music/?kind=video&project=band"])
def test_canonical_addresses_with_a_query_are_cached(client, make_essay, timeline, make_project, settings, address):
    settings.ESSAYS_PER_PAGE = 1
    make_essay("Tracked")
    make_essay("Another")
    make_project("Band", videos=[{"title": "Clip", "url": "https://youtu.be/5MSZXmbNoLg", "kind": "live"}])

    assert visit(client, address)[:2] == (200, "miss")
    assert visit(client, address)[:2] == (200, "hit")


@pytest.mark.parametrize("host", ["TESTSERVER", "testserver:8080", "testserver."])
def test_other_spellings_of_the_host_are_not_cached(client, make_essay, host):
    make_essay("Cached")

    for _ in range(2):
        assert client.get("/essays/cached/", headers={"Host": host}).get("X-Page-Cache") in (None, "miss")


def test_page_numbers_that_do_not_exist_are_not_cached(client, make_essay, settings):
    settings.ESSAYS_PER_PAGE = 1
    make_essay("Only one")

    for _ in range(2):
        assert (client.get("/essays/?page=7").status_code, client.get("/essays/?page=7")["X-Page-Cache"]) == (
            404,
            "miss",
        )


def test_whatever_a_client_writes_in_accept_encoding_makes_at_most_two_copies(client, make_essay):
    make_essay("Compressed")
    client.get("/essays/compressed/", headers={"Accept-Encoding": "gzip"})
    client.get("/essays/compressed/")

    for written in ["gzip, deflate, br", "br;q=1.0, gzip;q=0.8, *;q=0.1", "x-random-42", "identity"]:
        assert client.get("/essays/compressed/", headers={"Accept-Encoding": written})["X-Page-Cache"] == "hit"


def test_requests_with_any_cookie_are_rendered_afresh(client, make_essay):
    make_essay("Cached")
    visit(client, "/essays/cached/")

    client.cookies["tracker"] = "a-value-that-would-vary"
    assert visit(client, "/essays/cached/")[1] is None


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


def test_renaming_the_author_or_editing_the_home_page_shows_at_once_even_to_editors(admin_client, home):
    visitor = Client()
    warm(visitor, ["/"])
    visit(admin_client, "/")  # the request's Site and home page are cached for editors too

    author = AuthorSettings.for_site(Site.objects.get())
    author.name = "Renamed"
    author.save()
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


@pytest.mark.parametrize("url", ["/search/?q=x", "/admin/login/", "/healthz"])
def test_searches_the_admin_and_the_health_check_are_never_cached(client, home, url):
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_errors_are_never_cached(client, home):
    client.get("/no-such-page/")
    assert client.get("/no-such-page/")["X-Page-Cache"] == "miss"


def test_a_migrated_database_starts_with_an_empty_cache(client, make_essay):
    """As after restoring a backup: Wagtail's own entries (site paths, renditions) may name rows no longer there."""
    make_essay("Cached")
    cache.set("wagtail-entry-naming-a-site-no-longer-there", "site 41")

    call_command("migrate", "--noinput", verbosity=0)

    assert cache.get("wagtail-entry-naming-a-site-no-longer-there") is None
