"""An image's renditions, read once per image and never written back to the cache when they were already known."""

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images.shortcuts import get_renditions_or_not_found

RENDITIONS = Prefetch("renditions", to_attr="prefetched_renditions")


def read_renditions(images):
    """Every rendition of these images, in one query, unless a listing or a body read them with the images.

    Wagtail then picks each size from them, instead of asking the cache for it and writing it back every time."""
    unread = [
        image
        for image in images
        if image
        and not hasattr(image, "prefetched_renditions")
        and "renditions" not in getattr(image, "_prefetched_objects_cache", {})
    ]
    prefetch_related_objects(unread, RENDITIONS)


def rendition(image, image_filter):
    """The image's rendition for a filter (a Filter made once, at import), made now if it does not exist; a missing
    file gives Wagtail's not-found rendition, not an error."""
    read_renditions([image])
    return get_renditions_or_not_found(image, [image_filter])[image_filter.spec]
