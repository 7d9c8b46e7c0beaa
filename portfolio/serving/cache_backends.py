"""Django's Redis and file-based caches, except that a cache that fails is left alone for a while, not waited on.

While the cache is unreachable (Redis stopped or hung, the disk full or read-only) reads miss and writes are
dropped: the site renders each page itself, slower, instead of failing. The first failure costs one short timeout
and is logged; then this process stops asking for PAUSE seconds, so a hung Redis costs a request at most one
timeout, not one for each of its cache calls (50 to 60 a request before the page cache).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from redis import RedisError

logger = logging.getLogger(__name__)

PAUSE = 30
# Until when each cache location is left alone, for all the threads of a process (each has its own cache object).
paused_until = {}


class ToleratesOutages:
    """A mixin for a Django cache backend, over the operations the site and Wagtail use."""

    outage_errors = ()

    def tolerated(self, operation, fallback, *args):
        if time.monotonic() < paused_until.get(self._location, 0):
            return fallback
        try:
            return getattr(super(), operation)(*args)
        except self.outage_errors as error:
            paused_until[self._location] = time.monotonic() + PAUSE
            logger.error("The cache is unavailable; serving without it for %s s: %r", PAUSE, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self.tolerated("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self.tolerated("get_many", {}, keys, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.tolerated("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.tolerated("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.tolerated("set_many", list(data), data, timeout, version)

    def delete(self, key, version=None):
        return self.tolerated("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self.tolerated("delete_many", None, keys, version)

    def clear(self):
        return self.tolerated("clear", False)


class ResilientRedisCache(ToleratesOutages, RedisCache):
    outage_errors = (RedisError,)

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server


class ResilientFileBasedCache(ToleratesOutages, FileBasedCache):
    outage_errors = (OSError,)

    def __init__(self, directory, params):
        self._location = directory
        self.tolerated("__init__", None, directory, params)  # it makes its folder, which may fail
