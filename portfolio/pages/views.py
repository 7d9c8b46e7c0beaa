from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import Page
from wagtail.search.utils import parse_query_string

from portfolio.pages.cards import prefetch_for_cards
from portfolio.pages.pagination import paginate
from portfolio.pages.site_url import absolute_url
from portfolio.pages.text import clean_text

SEARCH_RESULTS_PER_PAGE = 10
# Longer queries are cut: nobody types more, and the database need not parse it.
SEARCH_QUERY_LENGTH = 200


def search(request):
    """Every live, public page matching ?q=, best first, in pages of ten."""
    query = clean_text(request.GET.get("q", "")).strip()
    results = None
    if query:
        # Parsed, so that quotes make phrases and an unbalanced quote is harmless; "field:value" filters are
        # not offered to readers, so a colon is just a separator.
        _filters, terms = parse_query_string(query[:SEARCH_QUERY_LENGTH].replace(":", " "))
        found = Page.objects.live().public().filter(depth__gt=1).search(terms)
        results = paginate(request, found, SEARCH_RESULTS_PER_PAGE)
        results.object_list = specific_in_order(results.object_list)
    context = {
        "query": query,
        "results": results,
        "meta_title": "Search",
        "meta_description": "Search the essays, projects and music of this site.",
        "route_crumb": "Search",
    }
    return TemplateResponse(request, "portfolio/search.html", context)


def specific_in_order(pages):
    """The pages as their own types (so each shows its own card, with what it shows), in the order given."""
    specific = Page.objects.filter(pk__in=[page.pk for page in pages]).specific().in_bulk()
    return prefetch_for_cards([specific[page.pk] for page in pages])


def robots_txt(request):
    sitemap = absolute_url(request, reverse("sitemap"))
    lines = ["User-agent: *", "Allow: /", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
