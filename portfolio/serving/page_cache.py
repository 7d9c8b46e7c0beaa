"""Whole rendered pages, from the cache every process shares, until the content next changes.

Django's cache middleware does the caching; this decides what it may see. Only canonical addresses are cached, so
nobody can fill the cache with copies of one page (made-up or repeated query parameters, `?page=01`, another
spelling of the host, an odd Accept-Encoding); requests that carry a cookie (editors, previews, a page's password)
are always rendered afresh. Keys name the content generation (portfolio.serving.content_changes), so a change in
any process makes every cached page unreachable at once.
"""

import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http.request import split_domain_port
from django.middleware.cache import CacheMiddleware
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_cache_control

from portfolio.serving.content_changes import current_generation

CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml", "text/plain")
NEVER_CACHED_PATHS = ("/admin/", "/documents/", "/search/", "/healthz")
# The query parameters some pages answer to, each with the values that may be cached; a page number past the first,
# written as a number is. A value the page does not have (page 99, an unknown project) is a 404, never cached.
CACHED_QUERY_PARAMETERS = {
    "page": re.compile(r"[2-9]|[1-9][0-9]+"),
    "project": re.compile(r"[-\w]+"),
    "kind": re.compile(r"project|release|video|essay"),
}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        generation = current_generation() if canonical(request) else None
        if generation is None:
            return self.get_response(request)
        # One copy with gzip and one without, whatever the client wrote (PageCompressionMiddleware varies on it).
        request.META["HTTP_ACCEPT_ENCODING"] = (
            "gzip" if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")) else ""
        )
        rendered = []

        def render(request):
            rendered.append(self.get_response(request))
            return rendered[0]

        response = CacheMiddleware(render, key_prefix=generation, cache_timeout=settings.PAGE_CACHE_SECONDS)(request)
        response["X-Page-Cache"] = "miss" if rendered else "hit"
        if response.status_code == 200 and "Expires" in response:  # stored, or served from the cache
            for_shared_caches(response)
        return response


def canonical(request):
    """Whether the request is one a visitor without cookies makes for a public page, at its canonical address."""
    host = request.get_host()
    domain, port = split_domain_port(host)
    # Wagtail's and Django's ALLOWED_HOSTS accept any port: only the server's own and the site's address are cached.
    parameters = request.GET
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES
        and not request.path.startswith(NEVER_CACHED_PATHS)
        and host == host.lower()
        and host == (f"{domain}:{port}" if port else domain)  # not "example.com."
        and port in ("", request.get_port(), str(urlsplit(settings.WAGTAILADMIN_BASE_URL).port or ""))
        and all(
            name in CACHED_QUERY_PARAMETERS
            and len(parameters.getlist(name)) == 1
            and CACHED_QUERY_PARAMETERS[name].fullmatch(parameters[name])
            for name in parameters
        )
        and request.META.get("QUERY_STRING", "") == urlencode(sorted(parameters.items()))
    )


def for_shared_caches(response):
    """Browsers ask again every time; shared caches (a CDN, Varnish) may keep the page for a while, and are purged
    on every change (portfolio.serving.content_changes). Django's own Expires (its cache's lifetime) is dropped."""
    del response["Expires"]
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.SHARED_CACHE_SECONDS)


class PageCompressionMiddleware(GZipMiddleware):
    """Pages, feeds and the sitemap gzipped for clients that accept it (a timeline of a thousand entries: 219 KB,
    12 KB compressed); cached pages are compressed once. Files (documents, media) go as they are: mostly compressed
    already, and streamed with their length."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
            return response
        return super().process_response(request, response)
