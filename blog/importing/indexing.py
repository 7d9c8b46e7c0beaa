"""The search and reference indexes brought up to date once per import, not on every save.

Wagtail updates both on each save, and an imported essay is saved three times (made, revised, published): on 100
essays those updates took 8 of the 19 s the writing took (cProfile, docs/performance.md).
"""

from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def indexing_deferred(models):
    """Saves of these models update neither index while the block runs; index_objects does it after.

    The search handler is disconnected for the whole process: the site runs in gunicorn's sync workers, one request
    at a time, so no other save of the process can miss its update meanwhile.
    """
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def index_objects(model, objects):
    """Add the objects, as they are now in the database, to the search index and the reference index."""
    # get_indexed_objects() prefetches what the index reads of each object (an essay's tags), as Wagtail's own
    # update_index does.
    objects = list(model.get_indexed_objects().filter(pk__in=[item.pk for item in objects]))
    if not objects:
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)
    with transaction.atomic():
        for item in objects:
            ReferenceIndex.create_or_update_for_object(item)
