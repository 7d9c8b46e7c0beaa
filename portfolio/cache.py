import logging
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import RedisError

logger = logging.getLogger(__name__)


@contextmanager
def outage_tolerated():
    try:
        yield
    except RedisError as error:
        logger.warning("Redis unavailable, serving without the cache: %s", error)


class ReusedRedisClient(RedisCacheClient):
    """Django's Redis cache client, with one redis.Redis a connection pool instead of a new one for every call.

    Making a redis.Redis fills in its table of ~170 response handlers: on loopback that costs more than the
    call itself, and a page makes several calls. A redis.Redis is safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = super().get_client(key, write=write)
        return self._clients[index]


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, except that while Redis is unreachable every read misses and every write is dropped.

    The site then renders every page itself, slower, instead of failing with Redis."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClient

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with outage_tolerated():
            return super().add(key, value, timeout, version)
        return False

    def get(self, key, default=None, version=None):
        with outage_tolerated():
            return super().get(key, default, version)
        return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with outage_tolerated():
            super().set(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        with outage_tolerated():
            return super().touch(key, timeout, version)
        return False

    def delete(self, key, version=None):
        with outage_tolerated():
            return super().delete(key, version)
        return False

    def get_many(self, keys, version=None):
        with outage_tolerated():
            return super().get_many(keys, version)
        return {}

    def has_key(self, key, version=None):
        with outage_tolerated():
            return super().has_key(key, version)
        return False

    def incr(self, key, delta=1, version=None):
        with outage_tolerated():
            return super().incr(key, delta, version)
        raise ValueError(f"Key '{key}' not found: Redis is unavailable.")

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        with outage_tolerated():
            return super().set_many(data, timeout, version)
        return list(data)

    def delete_many(self, keys, version=None):
        with outage_tolerated():
            super().delete_many(keys, version)

    def clear(self):
        with outage_tolerated():
            return super().clear()
        return False
