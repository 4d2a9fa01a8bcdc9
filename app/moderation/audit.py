"""The audit log: every staff action, filterable, exportable as CSV (spreadsheet-safe)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from app.accounts.models import Participant
from app.core.spreadsheet import csv_stream
from app.core.time import iso
from app.extensions import db
from app.moderation.models import AuditEntry

PAGE = 200

# What each action code means, for the audit page (the CSV keeps the codes).
ACTION_LABELS = {
    "approve": _l("Approved a post"),
    "reject": _l("Rejected a post"),
    "hide": _l("Hid a post"),
    "restore": _l("Restored a post"),
    "ban": _l("Banned a participant"),
    "mute": _l("Muted a participant"),
    "lift_ban": _l("Lifted a ban"),
    "lift_mute": _l("Lifted a mute"),
    "change_session": _l("Changed a session's settings"),
    "add_word_filter": _l("Added a word filter"),
    "remove_word_filter": _l("Removed a word filter"),
    "create_debate": _l("Created a debate"),
    "edit_debate": _l("Edited a debate"),
    "create_session": _l("Scheduled a session"),
    "edit_session": _l("Edited a session"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def record(actor: Participant, action: str, target_type: str, target_id: int, **extra: Any) -> None:
    """Add an entry to the log in the caller's transaction (append-only: nothing else writes)."""
    db.session.add(
        AuditEntry(
            actor_id=actor.id, action=action, target_type=target_type, target_id=target_id, **extra
        )
    )


COLUMNS = (
    "id",
    "time",
    "actor_id",
    "actor",
    "action",
    "target_type",
    "target_id",
    "session_id",
    "reason",
    "note",
)


def _query(filters: dict[str, Any]) -> Select:
    query = (
        select(AuditEntry, Participant.display_name)
        .join(Participant, Participant.id == AuditEntry.actor_id)
        .order_by(AuditEntry.id.desc())
    )
    if filters.get("action"):
        query = query.where(AuditEntry.action == filters["action"])
    if filters.get("actor_id"):
        query = query.where(AuditEntry.actor_id == filters["actor_id"])
    if filters.get("session_id"):
        query = query.where(AuditEntry.session_id == filters["session_id"])
    return query


def entries(filters: dict[str, Any], limit: int = PAGE) -> list[dict[str, Any]]:
    return [_row(entry, name) for entry, name in db.session.execute(_query(filters).limit(limit))]


def actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )


def _row(entry: AuditEntry, actor_name: str) -> dict[str, Any]:
    return {
        "id": entry.id,
        "time": iso(entry.created_at),
        "actor_id": entry.actor_id,
        "actor": actor_name,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "session_id": entry.session_id,
        "reason": entry.reason,
        "note": entry.note,
    }


def csv_lines(filters: dict[str, Any]) -> Iterator[str]:
    """The whole filtered log as CSV (UTF-8 with BOM), streamed in batches."""
    # A generator itself, so the query runs while the response streams (inside its context).
    result = db.session.execute(_query(filters).execution_options(yield_per=500))
    rows = (_row(entry, name) for entry, name in result)
    yield from csv_stream(COLUMNS, ([row[c] for c in COLUMNS] for row in rows))
