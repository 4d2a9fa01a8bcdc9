"""Who is watching each session, counted per socket connection (anonymous watchers included)."""

from __future__ import annotations

from collections import defaultdict


class Presence:
    """In-process presence; several processes share it through Redis (the scale-out issue)."""

    def __init__(self) -> None:
        self._by_session: dict[int, set[str]] = defaultdict(set)
        self._by_sid: dict[str, set[int]] = defaultdict(set)

    def add(self, session_id: int, sid: str) -> int:
        self._by_session[session_id].add(sid)
        self._by_sid[sid].add(session_id)
        return self.count(session_id)

    def remove(self, session_id: int, sid: str) -> int:
        self._by_session[session_id].discard(sid)
        self._by_sid[sid].discard(session_id)
        return self.count(session_id)

    def drop(self, sid: str) -> list[tuple[int, int]]:
        """Forget a closed connection; answer (session_id, online) for each session it was in."""
        changed = []
        for session_id in self._by_sid.pop(sid, set()):
            self._by_session[session_id].discard(sid)
            changed.append((session_id, self.count(session_id)))
        return changed

    def count(self, session_id: int) -> int:
        return len(self._by_session.get(session_id, ()))


presence = Presence()
