"""Whatever a visitor could see change, in any process, starts a new content generation in the shared cache,
which makes every cached page and value stale at once: coarse, and right for a site that changes a few times a day."""

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
    """A signal receiver. The generation changes now and again at commit, so that a page rendered in between, from
    the data before the commit, is never served; front caches are purged at commit."""
    start_new_generation()
    transaction.on_commit(start_new_generation)
    transaction.on_commit(purge_front_caches)


def database_migrated(**kwargs):
    """A post_migrate receiver: after a release or a restore, Wagtail's entries (site paths, renditions) may name rows
    the database no longer has, and pages the previous release's static files."""
    cache.clear()
    content_changed()


def purge_front_caches():
    """Purges every site's home page from WAGTAILFRONTENDCACHE, which deploy/varnish.vcl takes as the whole site:
    any change may show on any page (listings, tags, feeds)."""
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
    """A post_save and post_delete receiver: a page deleted, or any row of visible_models() (publishing has signals
    of its own, and a draft saved shows nowhere)."""
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
    """The value computed once a content generation for every process, and read once a request: an essay's first
    render after a change 15 queries instead of 25, and 7 cache reads instead of 29 (docs/performance.md)."""
    memo = request_values.get()
    if memo is None:
        memo = {}  # outside a request (a command, a shell), nothing is kept
    if GENERATION_KEY not in memo:
        memo[GENERATION_KEY] = current_generation()
    generation = memo[GENERATION_KEY]
    if name not in memo:
        found = cache.get(f"value:{generation}:{name}") if generation else None
        if found is None:
            found = (compute(),)  # boxed, so that None and empty values are kept too
            if generation:
                cache.set(f"value:{generation}:{name}", found, settings.PAGE_CACHE_SECONDS)
        memo[name] = found[0]
    return memo[name]
