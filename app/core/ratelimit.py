"""Rate limits for socket events, on the `limits` library (the engine of Flask-Limiter): in memory
for one process, in Redis when `REDIS_URL` is set so every process counts the same hits."""

from __future__ import annotations

import logging
import math
import time

from flask import Flask
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger("agora.ratelimit")


class RateLimits:
    """While Redis cannot be reached, each process counts on its own (in memory) instead of
    failing the post or flag it was asked about: the limits hold per process until it is back."""

    def __init__(self) -> None:
        self._limiter: MovingWindowRateLimiter | None = None
        self._fallback = MovingWindowRateLimiter(MemoryStorage())
        self._items: dict[str, RateLimitItem] = {}

    def init_app(self, app: Flask) -> None:
        url = app.config.get("REDIS_URL") or "memory://"
        options = {}
        if url.startswith("redis"):
            from redis.backoff import NoBackoff
            from redis.retry import Retry

            # One quick retry (a dropped idle connection), not the client's default ten with
            # backoff: when Redis is down, the fallback answers at once.
            options["retry"] = Retry(NoBackoff(), 1)
        self._limiter = MovingWindowRateLimiter(
            storage_from_string(url, wrap_exceptions=True, **options)
        )
        self._fallback = MovingWindowRateLimiter(MemoryStorage())
        app.extensions["agora_ratelimits"] = self

    def _item(self, rate: str) -> RateLimitItem:
        if rate not in self._items:
            self._items[rate] = parse(rate)
        return self._items[rate]

    def retry_after(self, rate: str, *keys: str) -> int:
        """0 when one more hit is allowed, else the seconds until it will be."""
        assert self._limiter is not None
        item = self._item(rate)
        try:
            return self._retry_after(self._limiter, item, keys)
        except StorageError as err:
            log.warning("rate-limit storage unreachable, counting in this process: %s", err)
            return self._retry_after(self._fallback, item, keys)

    @staticmethod
    def _retry_after(
        limiter: MovingWindowRateLimiter, item: RateLimitItem, keys: tuple[str, ...]
    ) -> int:
        if limiter.test(item, *keys):
            return 0
        reset_at, _remaining = limiter.get_window_stats(item, *keys)
        return max(1, math.ceil(reset_at - time.time()))

    def hit(self, rate: str, *keys: str) -> None:
        assert self._limiter is not None
        item = self._item(rate)
        try:
            self._limiter.hit(item, *keys)
        except StorageError as err:
            log.warning("rate-limit storage unreachable, counting in this process: %s", err)
            self._fallback.hit(item, *keys)


rate_limits = RateLimits()
