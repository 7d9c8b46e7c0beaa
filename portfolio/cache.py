import logging
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis import RedisError

logger = logging.getLogger(__name__)


@contextmanager
def outage_tolerated():
    try:
        yield
    except RedisError as error:
        logger.warning("Redis unavailable, serving without the cache: %s", error)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, except that while Redis is unreachable every read misses and every write is dropped.

    The site then renders every page itself, slower, instead of failing with Redis."""

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
