"""What the cards of a listing show, read for all of its cards together."""

from collections import defaultdict

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images import get_image_model


def prefetch_for_cards(pages):
    """Reads what each page's card shows (its `card_prefetch` lookups: an essay's tags, a project's image)
    in a query or two per page type, however many cards; returns the pages."""
    by_type = defaultdict(list)
    for page in pages:
        by_type[type(page)].append(page)
    for page_type, group in by_type.items():
        prefetch_related_objects(group, *getattr(page_type, "card_prefetch", ()))
    return pages


def prefetch_renditions(images, *specs):
    """Reads these images' renditions of these specs in one query, where Wagtail finds them (its prefetched
    renditions, as ImageQuerySet.prefetch_renditions makes them) for images already loaded. Its image and picture
    tags otherwise read each image's from the cache, and write them back even when they came from it."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    prefetch_related_objects(list(images), Prefetch("renditions", renditions, to_attr="prefetched_renditions"))
