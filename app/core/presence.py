"""Who is watching each session, counted per socket connection (anonymous readers included),
across every server process.

Each process counts its own connections exactly, in memory. With `REDIS_URL` it publishes its
counts to Redis (a hash per session: process -> count, beside a heartbeat key per process that
expires, so a crashed process stops counting within seconds) and reads the others'. Changes are
gathered and flushed once per `AGORA_PRESENCE_INTERVAL` (1 s): one `presence` event per session
per interval instead of one per join (1,000 people joining at once would otherwise cause a
million deliveries), and one batched write of who took part (see `on_flush`).
With an interval of 0 (the tests) every change is flushed at once."""

from __future__ import annotations

import logging
import os
import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import Any

log = logging.getLogger("agora.presence")

HEARTBEAT_SECONDS = 10
KEY = "agora:presence:{}"
PROCESS_KEY = "agora:process:{}"

# (totals {session_id: online}, attendance {(session_id, participant_id)}) -> None
FlushHook = Callable[[dict[int, int], set[tuple[int, int]]], None]


class Presence:
    def __init__(self) -> None:
        self._by_session: dict[int, set[str]] = defaultdict(set)
        self._by_sid: dict[str, set[int]] = defaultdict(set)
        self._remote: dict[int, int] = {}  # other processes' connections, as last read
        self._dirty: set[int] = set()
        self._attendance: set[tuple[int, int]] = set()
        self._sent: dict[int, int] = {}
        self.process_id = f"{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.redis: Any = None
        self.interval = 0.0
        self.on_flush: FlushHook | None = None
        self.broadcast: Callable[[int, int], None] | None = None
        self.app: Any = None
        self._ticker_started = False

    def configure(self, app: Any, *, redis_url: str | None, interval: float) -> None:
        """Called by create_app: a fresh state for each app (tests build many)."""
        on_flush, broadcast = self.on_flush, self.broadcast
        self.__init__()  # type: ignore[misc]
        self.on_flush, self.broadcast = on_flush, broadcast
        self.app = app
        self.interval = interval
        if redis_url:
            import redis

            self.redis = redis.Redis.from_url(redis_url, socket_timeout=2)

    # --- changes (called by the socket handlers) ---------------------------------------------

    def add(self, session_id: int, sid: str, participant_id: int | None = None) -> int:
        members = self._by_session[session_id]
        if sid not in members:
            members.add(sid)
            self._by_sid[sid].add(session_id)
            self._dirty.add(session_id)
        if participant_id is not None:
            self._attendance.add((session_id, participant_id))
        self._changed()
        return self.count(session_id)

    def remove(self, session_id: int, sid: str) -> int:
        if sid in self._by_session.get(session_id, ()):
            self._by_session[session_id].discard(sid)
            self._by_sid[sid].discard(session_id)
            self._dirty.add(session_id)
            self._changed()
        return self.count(session_id)

    def drop(self, sid: str) -> None:
        """Forget a closed connection."""
        for session_id in self._by_sid.pop(sid, set()):
            self._by_session[session_id].discard(sid)
            self._dirty.add(session_id)
        self._changed()

    def local(self, session_id: int) -> int:
        return len(self._by_session.get(session_id, ()))

    def count(self, session_id: int) -> int:
        return self.local(session_id) + self._remote.get(session_id, 0)

    # --- flushing --------------------------------------------------------------------------

    def _changed(self) -> None:
        if self.interval <= 0:
            self.flush()
        elif not self._ticker_started:
            from app.extensions import socketio

            self._ticker_started = True
            socketio.start_background_task(self._tick)

    def _tick(self) -> None:
        from app.extensions import socketio

        while True:
            socketio.sleep(self.interval)
            try:
                self.flush()
            except Exception:  # presence must never take the server down
                log.exception("presence flush failed")

    def flush(self) -> None:
        dirty, self._dirty = self._dirty, set()
        attendance, self._attendance = self._attendance, set()
        watched = {s for s, members in self._by_session.items() if members} | dirty
        if self.redis is not None:
            self._exchange(watched)
        # Only the process whose own connections changed announces the new total, so readers
        # on other processes are not told twice.
        totals = {s: self.count(s) for s in dirty}
        changed = {s: n for s, n in totals.items() if self._sent.get(s) != n}
        if self.on_flush and (changed or attendance):
            if self.app is not None:
                with self.app.app_context():
                    self.on_flush(changed, attendance)
            else:
                self.on_flush(changed, attendance)
        for session_id, online in changed.items():
            self._sent[session_id] = online
            if self.broadcast:
                self.broadcast(session_id, online)

    def _exchange(self, sessions: set[int]) -> None:
        """Publish this process's counts, read the others' (one round trip)."""
        pipe = self.redis.pipeline()
        pipe.set(PROCESS_KEY.format(self.process_id), 1, ex=HEARTBEAT_SECONDS)
        for session_id in sessions:
            pipe.hset(KEY.format(session_id), self.process_id, self.local(session_id))
            pipe.expire(KEY.format(session_id), 24 * 3600)
        for session_id in sessions:
            pipe.hgetall(KEY.format(session_id))
        replies = pipe.execute()[-len(sessions) :] if sessions else []
        others = {
            process.decode()
            for reply in replies
            for process in reply
            if process.decode() != self.process_id
        }
        alive = dict(
            zip(
                others,
                self.redis.mget([PROCESS_KEY.format(p) for p in others]) if others else [],
                strict=True,
            )
        )
        for session_id, reply in zip(sessions, replies, strict=True):
            self._remote[session_id] = sum(
                int(n) for process, n in reply.items() if alive.get(process.decode())
            )


presence = Presence()
