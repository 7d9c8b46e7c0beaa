"""Django's Redis and file-based caches, except that a cache that fails is left alone for a while, not waited on.

While the cache is unreachable (Redis stopped or hung, the disk full or read-only), every read misses and every
write is dropped: the site renders each page itself, slower, instead of failing. The first failure costs one
short timeout and is logged; then this process stops asking for PAUSE seconds, so a hung Redis costs a request
at most one timeout, not one for each of its cache calls.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from redis import RedisError

logger = logging.getLogger(__name__)

PAUSE = 30
# Until when each cache location is left alone, shared by the threads of a process (each has its own cache object).
paused_until = {}
UNAVAILABLE = object()


class ToleratesOutages:
    """A mixin for a Django cache backend; outage_errors are the errors that mean the cache is unreachable."""

    outage_errors = ()

    def __init__(self, location, params):
        super().__init__(location, params)
        self.location = location

    def tolerated(self, operation, fallback, *args, **kwargs):
        if time.monotonic() < paused_until.get(self.location, 0):
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except self.outage_errors as error:
            paused_until[self.location] = time.monotonic() + PAUSE
            logger.error("The cache is unavailable; serving without it for %s s: %r", PAUSE, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self.tolerated("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self.tolerated("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self.tolerated("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.tolerated("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.tolerated("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.tolerated("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.tolerated("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self.tolerated("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self.tolerated("delete_many", None, keys, version)

    def clear(self):
        return self.tolerated("clear", False)

    def incr(self, key, delta=1, version=None):
        found = self.tolerated("incr", UNAVAILABLE, key, delta, version)
        if found is UNAVAILABLE:
            raise ValueError(f"Key '{key}' not found: the cache is unavailable.")
        return found


class ResilientRedisCache(ToleratesOutages, RedisCache):
    outage_errors = (RedisError,)


class ResilientFileBasedCache(ToleratesOutages, FileBasedCache):
    outage_errors = (OSError,)
