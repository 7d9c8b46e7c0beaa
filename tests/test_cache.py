"""The shared cache (Redis with REDIS_URL, else files) may fail: the site then serves on without it, and does
not wait on it again for a while."""

import logging

import pytest
from django.core.cache import cache

from portfolio.serving import cache_backends
from tests.environments import PRODUCTION_SECRET_KEY, evaluate
from tests.sockets import closed_port, hanging_up_port, silent_port

PRODUCTION = {"SECRET_KEY": PRODUCTION_SECRET_KEY, "ALLOWED_HOSTS": "example.com"}


@pytest.fixture(autouse=True)
def cache_not_paused():
    cache_backends.paused_until.clear()
    yield
    cache_backends.paused_until.clear()


def use_redis_at(settings, port):
    """The cache configured from REDIS_URL, as production builds it."""
    settings.CACHES = evaluate("production", "settings.CACHES", **PRODUCTION, REDIS_URL=f"redis://127.0.0.1:{port}/0")


@pytest.fixture(params=[closed_port, hanging_up_port], ids=["refusing connections", "hanging up"])
def redis_down(request, settings):
    with request.param() as port:
        use_redis_at(settings, port)
        yield


@pytest.fixture
def unwritable_cache_folder(settings, tmp_path):
    """The file cache of a machine without Redis, where no file can be read or written (a file is in the way of
    its folder: every call fails as on a read-only or full disk, even for root)."""
    (tmp_path / "cache").write_text("in the way")
    settings.CACHES = evaluate("production", "settings.CACHES", **PRODUCTION, CACHE_DIR=str(tmp_path / "cache"))


def public_pages(make_essay, timeline):
    essay = make_essay("Without a cache", tags=["Music"])
    return ["/", "/essays/", essay.url, "/essays/tags/music/", "/essays/feed/", timeline.url, "/sitemap.xml"]


def test_pages_are_served_while_redis_is_down_and_the_outage_is_logged(
    redis_down, client, make_essay, timeline, caplog
):
    urls = public_pages(make_essay, timeline)
    cache_backends.paused_until.clear()  # publishing the essay above met the outage first
    with caplog.at_level(logging.ERROR, logger="portfolio.serving.cache_backends"):
        for url in urls:
            assert client.get(url).status_code == 200, url

    assert "The cache is unavailable; serving without it" in caplog.text


def test_pages_are_served_when_the_cache_folder_cannot_be_used(
    unwritable_cache_folder, client, make_essay, timeline, caplog
):
    urls = public_pages(make_essay, timeline)
    cache_backends.paused_until.clear()
    with caplog.at_level(logging.ERROR, logger="portfolio.serving.cache_backends"):
        for url in urls:
            assert client.get(url).status_code == 200, url

    assert "The cache is unavailable; serving without it" in caplog.text


def test_a_hung_redis_is_waited_on_once_then_left_alone(settings, client, make_essay, timeline, caplog):
    with silent_port() as (port, connections), caplog.at_level(logging.CRITICAL):
        use_redis_at(settings, port)
        for url in public_pages(make_essay, timeline) * 3:
            assert client.get(url).status_code == 200, url

        assert len(connections) == 1


def test_while_the_cache_is_down_reads_miss_and_writes_are_dropped(redis_down, caplog):
    with caplog.at_level(logging.CRITICAL, logger="portfolio.serving.cache_backends"):
        cache.set("greeting", "hello")
        assert cache.get("greeting") is None
        assert cache.get("greeting", "missing") == "missing"
        assert cache.get_or_set("greeting", "computed") == "computed"
        assert cache.add("greeting", "hello") is False
        assert cache.get_many(["greeting"]) == {}
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.delete("greeting") is False
        cache.delete_many(["a", "b"])
        assert cache.clear() is False


def test_without_redis_the_cache_keeps_every_page_of_a_site_of_a_thousand_essays(settings, tmp_path):
    settings.CACHES = evaluate("production", "settings.CACHES", **PRODUCTION, CACHE_DIR=str(tmp_path / "cache"))
    page = "<!doctype html>" + "An essay of a thousand words. " * 450  # 13 KB, as an essay is
    # Each page is cached with and without gzip, each copy under two keys (its headers, then itself).
    entries = {f"entry-{number}": f"{number}{page}" for number in range(1_000 * 2 * 2)}
    for key, value in entries.items():
        cache.set(key, value, 60)

    assert all(cache.get(key) == value for key, value in entries.items())
