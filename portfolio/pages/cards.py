"""What the cards of a listing show, read for all of its cards together."""

from collections import defaultdict

from django.db.models import prefetch_related_objects


def prefetch_for_cards(pages):
    """Reads what each page's card shows (its `card_prefetch` lookups: an essay's tags, a project's image)
    in a query or two per page type, however many cards; returns the pages."""
    by_type = defaultdict(list)
    for page in pages:
        by_type[type(page)].append(page)
    for page_type, group in by_type.items():
        prefetch_related_objects(group, *getattr(page_type, "card_prefetch", ()))
    return pages
