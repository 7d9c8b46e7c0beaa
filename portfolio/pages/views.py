import unicodedata

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
        results = paginate(request, best_first(found, query), SEARCH_RESULTS_PER_PAGE)
        results.object_list = specific_in_order(results.object_list)
    context = {
        "query": query,
        "results": results,
        "meta_title": "Search",
        "meta_description": "Search the essays, projects and music of this site.",
        "route_crumb": "Search",
    }
    return TemplateResponse(request, "portfolio/search.html", context)


def best_first(found, query):
    """The matches, the essays, projects and music (the types with a card of their own) before the pages about the
    site (home, About, indexes); among each, those whose title holds every word first; else in the backend's
    order. Neither backend weighs fields on SQLite: bm25 over title and text ranked the short About page first
    for "music". One query for every match (a title and a type each), however many pages of them."""
    words = folded(query.replace('"', " ")).split()

    def rank(page):
        has_card = hasattr(page.specific_class, "card_template")
        return (not has_card, not all(word in folded(page.title) for word in words))

    return sorted(found, key=rank)


def folded(text):
    """Lower case without accents, as a reader types a title: "Música" is found by "musica"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def specific_in_order(pages):
    """The pages as their own types (so each shows its own card, with what it shows), in the order given."""
    specific = Page.objects.filter(pk__in=[page.pk for page in pages]).specific().in_bulk()
    return prefetch_for_cards([specific[page.pk] for page in pages])


def robots_txt(request):
    sitemap = absolute_url(request, reverse("sitemap"))
    lines = ["User-agent: *", "Allow: /", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
