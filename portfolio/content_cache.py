"""Values and pages cached until the site's content next changes.

Every change a visitor could see (a page published, unpublished, moved or deleted,
a view restriction, an image, a setting) starts a new *generation*; everything is
cached under the current generation, so one change makes all of it stale at once.
That is coarse, and right for a personal site: it changes a few times a day, and a
visitor must never see a page older than the last publish.

The cache backend itself tolerates a Redis outage (portfolio.cache): reads miss,
so values are computed and pages rendered as if nothing were cached.
"""

import functools
import hashlib
import threading
import time
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.core.cache import cache

# Entries also expire on their own, so that a cache without eviction never fills up with old generations.
TIMEOUT = 24 * 60 * 60
# Values this process keeps unpickled for the current generation, beside the shared cache: a page asks for the
# same few values (live pages, navigation, the author) on every request, and reading them back from Redis each
# time costs more than rendering with them.
LOCAL_ENTRIES = 256

# The generation as this thread last read it; forgotten at the start of every request (portfolio.apps), so that
# a request reads it from the shared cache once, and sees a change made by any other process.
this_request = threading.local()
local_values = {}


@functools.cache
def release():
    """A fingerprint of the code serving the site: the project's apps and templates, Django's and Wagtail's versions.

    Each release keeps its generations apart: pages cached by the previous one name static files it may no longer
    have, and its cached values may no longer unpickle.
    """
    digest = hashlib.sha256(f"{django.__version__} {wagtail.__version__}".encode())
    roots = [Path(app.path) for app in apps.get_app_configs() if Path(app.path).parent == settings.BASE_DIR]
    for root in roots + [Path(directory) for directory in settings.TEMPLATES[0]["DIRS"]]:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def generation_key():
    return f"content-generation:{release()}"


def generation():
    current = getattr(this_request, "generation", None)
    if current is None:
        name = generation_key()
        current = cache.get(name)
        if current is None:
            current = time.time_ns()
            if not cache.add(name, current, None):
                current = cache.get(name, current)
        this_request.generation = current
    return current


def forget_generation(**kwargs):
    """A request_started receiver: each request reads the generation afresh."""
    this_request.generation = None


def start_new_generation(**kwargs):
    """A signal receiver: the content changed, so nothing cached so far may be served again."""
    this_request.generation = time.time_ns()
    cache.set(generation_key(), this_request.generation, None)


def key(name):
    return f"{name}:{generation()}"


def cached(name, compute):
    """The value cached under this name in the current generation, computed (and cached) when missing."""
    entry = key(name)
    found = local_values.get(entry) or cache.get(entry)
    if found is None:
        found = (compute(),)  # boxed, so that None and empty values are cached too
        cache.set(entry, found, TIMEOUT)
    if len(local_values) >= LOCAL_ENTRIES:
        local_values.clear()  # mostly entries of older generations
    local_values[entry] = found
    return found[0]
