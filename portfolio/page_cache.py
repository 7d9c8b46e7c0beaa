"""Rendered public pages, served from the cache until the site's content next changes.

Only requests that carry no session cookie are served from (or stored in) the cache,
so logged-in editors, previews and anyone who entered a page's password always get
a freshly rendered page. Only plain, successful, cookie-free responses are stored.
"""

import threading

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip

from portfolio import content_cache

CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml", "text/plain")
NEVER_CACHED_PATHS = ("/admin/", "/documents/", "/search/")
# Listings' page numbers and the timeline's filters; any other query string is rendered afresh, so that
# made-up parameters cannot fill the cache with copies of the same page.
CACHED_QUERY_PARAMETERS = {"page", "project", "kind"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        # Compressed and plain copies are cached apart (PageCompressionMiddleware runs inside this one).
        encoding = "gzip" if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")) else "identity"
        entry = content_cache.key(f"page:{encoding}:{request.get_host()}:{request.get_full_path()}")
        cached = recent_pages.get(entry) or cache.get(entry)
        if cached is not None:
            keep_recent(entry, cached)
            response = HttpResponse(cached.content, status=cached.status_code, headers=cached.headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if cacheable_response(response):
            response["X-Page-Cache"] = "miss"
            cache.set(entry, response, content_cache.TIMEOUT)
        return response


# The pages this process served lately, kept beside the shared cache: a hit then costs no transfer from Redis
# (the timeline is 219 KB). Their keys name the content generation, so none outlives a publish.
RECENT_PAGES_BYTES = 4 * 1024 * 1024
recent_pages = {}
# Without Redis, one process serves with threads (gunicorn.conf.py).
recent_pages_lock = threading.Lock()


def keep_recent(entry, response):
    if entry in recent_pages:
        return
    with recent_pages_lock:
        if sum(len(page.content) for page in recent_pages.values()) + len(response.content) > RECENT_PAGES_BYTES:
            recent_pages.clear()  # mostly pages of older generations
        recent_pages[entry] = response


def cacheable_request(request):
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NEVER_CACHED_PATHS)
        and set(request.GET) <= CACHED_QUERY_PARAMETERS
    )


def cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        and not any(directive in cache_control for directive in ("private", "no-store", "no-cache"))
    )


class PageCompressionMiddleware(GZipMiddleware):
    """Pages, feeds and the sitemap gzipped for clients that accept it (a timeline of a thousand entries: 219 KB,
    12 KB compressed); cached pages are compressed once. Files (documents, media) go as they are: mostly compressed
    already, and streamed with their length."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
            return response
        return super().process_response(request, response)
