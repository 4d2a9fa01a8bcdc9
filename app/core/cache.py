"""Per-process caches of rows that rarely change but are read on every event: who is on a
connection, who is banned, the word filters. Without them each post costs three more queries.

An entry lives `AGORA_CACHE_SECONDS` (so a change made by another process shows within that
time) and is dropped at once when this process commits a change to one of the cache's models,
through the ORM or a bulk UPDATE/DELETE. Entries are kept per Flask app, hence per database."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

V = TypeVar("V")
_CHANGED = "agora_changed_models"
_caches: list[ModelCache[Any]] = []


class ModelCache(Generic[V]):
    def __init__(self, name: str, *models: type) -> None:
        self.name = name
        self.models = models
        _caches.append(self)

    def _entries(self) -> dict[Hashable, tuple[float, V]]:
        return current_app.extensions.setdefault("agora_caches", {}).setdefault(self.name, {})

    def get(self, key: Hashable, load: Callable[[], V]) -> V:
        ttl = current_app.config["AGORA_CACHE_SECONDS"]
        entries = self._entries()
        now = time.monotonic()
        found = entries.get(key)
        if found is not None and found[0] > now:
            return found[1]
        value = load()
        if ttl > 0:
            entries[key] = (now + ttl, value)
        return value

    def clear(self) -> None:
        if has_app_context():
            self._entries().clear()


def _note(session: Session, classes: set[type]) -> None:
    session.info.setdefault(_CHANGED, set()).update(classes)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    changed = {type(obj) for obj in (*session.new, *session.dirty, *session.deleted)}
    if changed:
        _note(session, changed)


@event.listens_for(Session, "do_orm_execute")
def _bulk(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and state.bind_mapper is not None:
        _note(state.session, {state.bind_mapper.class_})


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    changed = session.info.pop(_CHANGED, None)
    if not changed:
        return
    for cache in _caches:
        if any(issubclass(c, m) for c in changed for m in cache.models):
            cache.clear()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)
