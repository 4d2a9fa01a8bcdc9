"""The Socket.IO message queue over Redis, reconnecting promptly.

python-socketio's RedisManager doubles its wait after each failed reconnection up to 60 s, so
after a Redis outage of a minute cross-process delivery could stay off for another minute
while /healthz already says ok. This one waits at most RETRY_MAX_SECONDS between attempts."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import socketio

log = logging.getLogger("agora.messagequeue")

RETRY_MAX_SECONDS = 2.0


class RedisQueue(socketio.RedisManager):
    def _redis_listen_with_retries(self) -> Iterator[Any]:  # the library's loop, capped
        wait = 0.25
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                if wait > 0.25:
                    log.warning("message queue reachable again: cross-process delivery resumes")
                wait = 0.25
                yield from self.pubsub.listen()
            except Exception as exc:  # any Redis or connection error: wait and reconnect
                log.error("message queue unreachable (%s): retrying in %.2f s", exc, wait)
                time.sleep(wait)
                wait = min(wait * 2, RETRY_MAX_SECONDS)
