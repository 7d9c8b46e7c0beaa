"""Whatever a visitor could see change, in any process, starts a new content generation.

The page cache keys every page by the generation, kept in the cache every process shares, so one change makes
every cached page unreachable at once, wherever it was made: the admin, an import, `publish_scheduled`, a shell.
Coarse, and right for a personal site, which changes a few times a day. Shared caches in front (a CDN, Varnish)
are asked to purge the site at the same time.
"""

import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "content-generation"
# What cached() has read during the current request, so that a value asked for five times (the essays' reading
# order, every page's URL) is read and unpickled once; nothing is kept between requests, nor outside one.
request_values = ContextVar("request_values", default=None)


def current_generation():
    """The generation pages are cached under now; None while the cache cannot be read."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)  # unless another process just did
        generation = cache.get(GENERATION_KEY)
    return generation


def start_new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    if request_values.get() is not None:
        request_values.set({})


def content_changed(**kwargs):
    """A signal receiver. The generation changes now, and again once the change is committed: a page another
    process renders in between, from the data before the commit, is stored under the generation in between and
    never served. The front caches are purged once it is committed."""
    start_new_generation()
    transaction.on_commit(start_new_generation)
    transaction.on_commit(purge_front_caches)


def database_migrated(**kwargs):
    """A post_migrate receiver. Every release is migrated before it serves, and so should a restored database be:
    the cache starts empty, as Wagtail's own entries in it (site paths, renditions) may name rows the database no
    longer has (a site id no longer there fails every page), and pages name the previous release's static files."""
    cache.clear()
    content_changed()


def purge_front_caches():
    """Asks the front caches of WAGTAILFRONTENDCACHE (none by default) to forget every site's home page; the
    Varnish configuration in docs/deployment.md empties a whole site on any purge, as any change may show on any
    of its pages (listings, tags, feeds)."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
    from wagtail.models import Site

    if settings.WAGTAILFRONTENDCACHE:
        purge_urls_from_cache([f"{site.root_url}/" for site in Site.objects.all()])


def visible_models():
    """Models other than pages whose rows show on public pages: media, privacy, sites, tags, settings, snippets."""
    from taggit.models import Tag
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    from portfolio.models import VideoStill

    return {
        get_image_model(),
        get_document_model(),
        Collection,
        CollectionViewRestriction,
        PageViewRestriction,
        Site,
        Tag,
        VideoStill,
        *settings_registry,
        *get_snippet_models(),
    }


def row_changed(sender, **kwargs):
    """A post_save and post_delete receiver for every model: pages count when deleted (publishing, unpublishing
    and moves have signals of their own; a draft saved is not visible), the visible_models() whenever they change."""
    from wagtail.models import Page

    if sender in visible_models() or (kwargs.get("signal") is post_delete and issubclass(sender, Page)):
        content_changed()


def connect():
    from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(content_changed, dispatch_uid="content-changed")
    for signal in (post_save, post_delete):
        signal.connect(row_changed, dispatch_uid="content-changed")
    request_started.connect(request_began, dispatch_uid="content-changed")
    request_finished.connect(request_ended, dispatch_uid="content-changed")


def request_began(**kwargs):
    request_values.set({})


def request_ended(**kwargs):
    request_values.set(None)


def cached(name, compute):
    """The value computed once per content generation and shared by every process, for what every page shows
    (the navigation, the author) or every essay of an index needs (their reading order): a query once per change
    instead of once per render. Measured: an essay rendered after a change makes 14 queries instead of 25
    (tests/test_query_budgets.py, docs/performance.md). Within a request each value is read once: an essay asks
    for 12 values, 5 of them different, and read 24 keys of Redis and unpickled the reading order of every essay
    4 times (28.6 ms of CPU for an essay of the 1,000 of `make bench`; 1 generation and 5 keys: see the figure in
    docs/performance.md)."""
    memo = request_values.get()
    if memo is None:
        return shared_value(current_generation(), name, compute)
    if GENERATION_KEY not in memo:
        memo[GENERATION_KEY] = current_generation()
    if name not in memo:
        memo[name] = shared_value(memo[GENERATION_KEY], name, compute)
    return memo[name]


def shared_value(generation, name, compute):
    key = f"value:{generation}:{name}"
    found = cache.get(key) if generation else None
    if found is None:
        found = (compute(),)  # boxed, so that None and empty values are kept too
        if generation:
            cache.set(key, found, settings.PAGE_CACHE_SECONDS)
    return found[0]
