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


class TokenBucket:
    """`rate` tokens a second, at most `burst` saved up. In process memory: it guards one
    connection, and a connection lives in one process."""

    __slots__ = ("at", "burst", "rate", "tokens")

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst, self.tokens, self.at = rate, burst, burst, time.monotonic()

    def take(self) -> float:
        """0 when the event may go ahead (a token is taken), else seconds until it may."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


# Per connection: event -> (tokens a second, burst). Events not named share "other". Generous
# for people (a moderator working the queue by keyboard, a reader tapping reactions), tight
# enough that one script cannot make the process work for everyone else's share.
EVENT_LIMITS: dict[str, tuple[float, float]] = {
    "join": (0.5, 5),
    "leave": (0.5, 5),
    "post": (1.0, 5),
    "react": (2.0, 20),
    "flag": (0.3, 5),
    "translate": (1.0, 10),  # a reader opening a few posts in a row; the provider is costly
    "other": (5.0, 30),
}
# Every event together: a connection past this is flooding and is disconnected.
FLOOD_LIMIT = (20.0, 30)


class ConnectionLimits:
    """The buckets of each connection (sid), dropped when it disconnects. The rates come from
    AGORA_EVENT_LIMITS and AGORA_FLOOD_LIMIT (defaults: EVENT_LIMITS, FLOOD_LIMIT)."""

    def __init__(self) -> None:
        self._buckets: dict[str, dict[str, TokenBucket]] = {}

    def take(
        self,
        sid: str,
        event: str,
        limits: dict[str, tuple[float, float]] = EVENT_LIMITS,
        flood: tuple[float, float] = FLOOD_LIMIT,
    ) -> tuple[float, bool]:
        """(seconds to wait for `event`, whether the connection is flooding)."""
        buckets = self._buckets.get(sid)
        if buckets is None:
            buckets = self._buckets[sid] = {"*": TokenBucket(*flood)}
        if buckets["*"].take():
            return 0.0, True
        kind = event if event in limits else "other"
        bucket = buckets.get(kind)
        if bucket is None:
            bucket = buckets[kind] = TokenBucket(*limits[kind])
        return bucket.take(), False

    def forget(self, sid: str) -> None:
        self._buckets.pop(sid, None)


connection_limits = ConnectionLimits()
