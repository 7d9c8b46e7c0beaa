"""With REDIS_URL set, Django's cache is Redis; when Redis is gone the site serves on, without its cache."""

import logging

import pytest
from django.core.cache import cache

from tests.environments import PRODUCTION_SECRET_KEY, evaluate
from tests.sockets import closed_port, hanging_up_port


@pytest.fixture(params=[closed_port, hanging_up_port], ids=["refusing connections", "hanging up"])
def redis_down(request, settings):
    """The cache configured from REDIS_URL, as production builds it, pointing at a Redis that is down."""
    with request.param() as port:
        environ = {"SECRET_KEY": PRODUCTION_SECRET_KEY, "ALLOWED_HOSTS": "example.com"}
        caches = evaluate("production", "settings.CACHES", **environ, REDIS_URL=f"redis://127.0.0.1:{port}/0")
        settings.CACHES = caches
        yield


def test_pages_are_served_while_redis_is_down(redis_down, client, make_essay, timeline, caplog):
    essay = make_essay("Without a cache", tags=["Music"])

    with caplog.at_level(logging.WARNING, logger="portfolio.cache"):
        for url in ["/", "/essays/", essay.url, "/essays/tags/music/", "/essays/feed/", timeline.url, "/sitemap.xml"]:
            assert client.get(url).status_code == 200, url

    assert "Redis unavailable, serving without the cache" in caplog.text


def test_while_redis_is_down_reads_miss_and_writes_are_dropped(redis_down, caplog):
    with caplog.at_level(logging.CRITICAL, logger="portfolio.cache"):
        cache.set("greeting", "hello")
        assert cache.get("greeting") is None
        assert cache.get("greeting", "missing") == "missing"
        assert cache.get_or_set("greeting", "computed") == "computed"
        assert cache.add("greeting", "hello") is False
        assert cache.get_many(["greeting"]) == {}
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.has_key("greeting") is False
        assert cache.delete("greeting") is False
        cache.delete_many(["a", "b"])
        assert cache.touch("greeting") is False
        with pytest.raises(ValueError):
            cache.incr("counter")
        assert cache.clear() is False
