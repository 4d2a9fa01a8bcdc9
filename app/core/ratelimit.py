"""Rate limits for socket events, on the `limits` library (the engine of Flask-Limiter): in memory
for one process, in Redis when `REDIS_URL` is set so every process counts the same hits."""

from __future__ import annotations

import math
import time

from flask import Flask
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter


class RateLimits:
    def __init__(self) -> None:
        self._limiter: MovingWindowRateLimiter | None = None
        self._items: dict[str, RateLimitItem] = {}

    def init_app(self, app: Flask) -> None:
        url = app.config.get("REDIS_URL") or "memory://"
        self._limiter = MovingWindowRateLimiter(storage_from_string(url))
        app.extensions["agora_ratelimits"] = self

    def _item(self, rate: str) -> RateLimitItem:
        if rate not in self._items:
            self._items[rate] = parse(rate)
        return self._items[rate]

    def retry_after(self, rate: str, *keys: str) -> int:
        """0 when one more hit is allowed, else the seconds until it will be."""
        assert self._limiter is not None
        item = self._item(rate)
        if self._limiter.test(item, *keys):
            return 0
        reset_at, _remaining = self._limiter.get_window_stats(item, *keys)
        return max(1, math.ceil(reset_at - time.time()))

    def hit(self, rate: str, *keys: str) -> None:
        assert self._limiter is not None
        self._limiter.hit(self._item(rate), *keys)


rate_limits = RateLimits()
