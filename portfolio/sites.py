"""The request's Wagtail Site, with its home page, from the content cache instead of queries on every request."""

from django.db import DatabaseError
from wagtail.models import Site

from portfolio.content_cache import cached


class CachedSiteMiddleware:
    """Looks the Site up as Wagtail does, once per host and content generation, with its root page specific.

    Wagtail keeps the Site it finds on the request (`_wagtail_site`), where Site.find_for_request and page
    routing look first; a Site found here is put there, so a request makes none of those queries.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request._wagtail_site = cached(f"site:{request.get_host()}:{request.get_port()}", lambda: find(request))
        except DatabaseError:
            pass  # the view meets the same error and answers with the maintenance page
        return self.get_response(request)


def find(request):
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site
