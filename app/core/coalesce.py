"""Coalescing bursts: keys marked many times within an interval are flushed once.

A reaction storm (a thousand people pressing "agree" within seconds) would otherwise broadcast
one event per press to every reader: at 1,000 readers, 100 presses a second are 100,000
deliveries a second. Marked keys wait at most `interval` seconds, then `flush(keys)` runs once
for all of them, in an app context, on a background task. With interval 0 (the tests) the flush
runs at once, in the caller's context."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

log = logging.getLogger("agora.coalesce")


class Coalescer:
    def __init__(self, name: str, flush: Callable[[set[Any]], None]) -> None:
        self.name = name
        self._flush = flush
        self._pending: set[Any] = set()
        self._scheduled = False
        self.interval = 0.0
        self.app: Any = None

    def configure(self, app: Any, interval: float) -> None:
        self.app, self.interval = app, interval
        self._pending, self._scheduled = set(), False

    def mark(self, keys: Iterable[Any]) -> None:
        self._pending.update(keys)
        if self.interval <= 0:
            self.flush()
        elif not self._scheduled:
            from app.extensions import socketio

            self._scheduled = True
            socketio.start_background_task(self._later)

    def _later(self) -> None:
        from app.extensions import socketio

        socketio.sleep(self.interval)
        self._scheduled = False
        try:
            with self.app.app_context():
                self.flush()
        except Exception:  # a failed flush must not take the server down; the next one retries
            log.exception("%s: flush failed", self.name)

    def flush(self) -> None:
        keys, self._pending = self._pending, set()
        if keys:
            self._flush(keys)
