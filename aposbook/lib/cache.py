"""The shared cache (Redis) with a stand-in in the process for when Redis cannot be reached.

Rate limits (ours and allauth's), verification waits and cached pages all live in the cache.
Without this, a Redis outage turns every log-in, sign-up, password reset, contact and
feedback form into a server error. Instead, each process counts on its own in local memory
until Redis answers again: limits hold per process rather than not at all, and the outage
is logged as an error so that someone looks at it.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Called when Redis answers again after an outage (the page cache stops trusting what it
# stored before: writes made meanwhile could not reach it).
after_outage: list[Callable[[], None]] = []

# After a failure, Redis is left alone this many seconds: every request would otherwise wait
# for its connection to time out.
RETRY_AFTER = 10.0


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self.fallback = LocMemCache(f"fallback-{server}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._down_until = 0.0

    def _either(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """`name` on Redis, or on the in-process cache while Redis is out of reach."""
        if time.monotonic() >= self._down_until:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except RedisError:
                logger.exception(
                    "Redis cannot be reached: counting in this process for %ss", RETRY_AFTER
                )
                self._down_until = time.monotonic() + RETRY_AFTER
            else:
                if self._down_until:
                    self._down_until = 0.0
                    for callback in after_outage:
                        callback()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    def shared(self) -> bool:
        """Whether what is stored now is seen by every process (Redis is answering), not
        only by this one (the stand-in during an outage)."""
        return time.monotonic() >= self._down_until

    def reachable(self) -> bool:
        """Whether Redis itself answers now, whatever the stand-in would do: /health/ must
        report an outage that the pages ride out."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError:
            return False

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._either("add", key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._either("get", key, default, version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._either("set", key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._either("touch", key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._either("delete", key, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._either("get_many", keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._either("has_key", key, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        return self._either("incr", key, delta, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._either("set_many", data, timeout, version)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._either("delete_many", keys, version)

    def clear(self) -> None:
        self._either("clear")
