"""Whole rendered pages, kept in the shared cache under the content generation, for canonical addresses only.

By hand rather than Django's cache middleware, which reads the cache three times a hit, not once: a cached essay
served at 21-30 % of a static file's rate against 65 % (docs/performance.md).
"""

import hashlib
import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_cache_control

from portfolio.serving.content_changes import GENERATION_KEY, current_generation

CACHEABLE_TYPES = (
    "text/html",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/plain",
    "text/calendar",
)
NEVER_CACHED_PATHS = ("/admin/", "/documents/", "/search/", "/healthz")
# The query parameters some pages answer to, each with the values that may be cached; a page number past the first,
# written as a number is. A value the page does not have (page 99, an unknown project) is a 404, never cached.
CACHED_QUERY_PARAMETERS = {
    "page": re.compile(r"[2-9]|[1-9][0-9]+"),
    "project": re.compile(r"[-\w]+"),
    "kind": re.compile(r"project|release|video|essay|show|production"),
}


SITE_PORT = str(urlsplit(settings.WAGTAILADMIN_BASE_URL).port or "")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not canonical(request):
            return self.get_response(request)
        # One copy with gzip and one without, whatever the client wrote (PageCompressionMiddleware varies on it).
        encoding = "gzip" if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")) else ""
        request.META["HTTP_ACCEPT_ENCODING"] = encoding
        address = f"{encoding} {request.get_host()} {request.get_full_path()}"
        key = f"page:{hashlib.sha256(address.encode()).hexdigest()}"
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        if key in found and found[key][0] == generation:
            _generation, status, headers, content = found[key]
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        response["X-Page-Cache"] = "miss"
        if generation and cacheable(response):
            for_shared_caches(response)
            cache.set(key, (generation, response.status_code, dict(response.items()), response.content))
        return response


def cacheable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        and not any(directive in cache_control for directive in ("private", "no-store", "no-cache", "max-age=0"))
    )


def canonical(request):
    """Whether the request is one a visitor without cookies makes for a public page, at its canonical address."""
    host = request.get_host()
    domain, port = split_domain_port(host)
    parameters = request.GET
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES
        and not request.path.startswith(NEVER_CACHED_PATHS)
        and host == host.lower()
        and host == (f"{domain}:{port}" if port else domain)  # not "example.com."
        # ALLOWED_HOSTS accepts any port: only the server's own and that of the site's address are cached.
        and port in ("", request.get_port(), SITE_PORT)
        and all(
            name in CACHED_QUERY_PARAMETERS
            and len(parameters.getlist(name)) == 1
            and CACHED_QUERY_PARAMETERS[name].fullmatch(parameters[name])
            for name in parameters
        )
        and request.META.get("QUERY_STRING", "") == urlencode(sorted(parameters.items()))
    )


def for_shared_caches(response):
    """Browsers ask again every time; shared caches (a CDN, Varnish) keep the page until purged, or for a while."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.SHARED_CACHE_SECONDS)


class PageCompressionMiddleware(GZipMiddleware):
    """Pages, feeds and the sitemap gzipped, once for the cache (a timeline of 1,000 entries: 219 KB, 12 KB); files
    (documents, media) go as they are, mostly compressed already and streamed with their length."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
            return response
        return super().process_response(request, response)
