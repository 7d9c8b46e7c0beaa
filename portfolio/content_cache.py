"""Values and pages cached until the site's content next changes.

Every change a visitor could see (a page published, unpublished, moved or deleted,
a view restriction, an image, a setting) starts a new *generation*; everything is
cached under the current generation, so one change makes all of it stale at once.
That is coarse, and right for a personal site: it changes a few times a day, and a
visitor must never see a page older than the last publish.

The cache backend itself tolerates a Redis outage (portfolio.cache): reads miss,
so values are computed and pages rendered as if nothing were cached.
"""

import time

from django.core.cache import cache

GENERATION_KEY = "content-generation"
# Entries also expire on their own, so that a cache without eviction never fills up with old generations.
TIMEOUT = 24 * 60 * 60


def generation():
    current = cache.get(GENERATION_KEY)
    if current is None:
        current = time.time_ns()
        if not cache.add(GENERATION_KEY, current, None):
            current = cache.get(GENERATION_KEY, current)
    return current


def start_new_generation(**kwargs):
    """A signal receiver: the content changed, so nothing cached so far may be served again."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def key(name):
    return f"{name}:{generation()}"


def cached(name, compute):
    """The value cached under this name in the current generation, computed (and cached) when missing."""
    entry = key(name)
    found = cache.get(entry)
    if found is None:
        found = (compute(),)  # boxed, so that None and empty values are cached too
        cache.set(entry, found, TIMEOUT)
    return found[0]
