"""The per-process caches of participants, bans and word filters: this process's own changes
apply to the very next event; another process's within AGORA_CACHE_SECONDS; and a post costs
no query for any of them once they are cached."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import event, text

from app.extensions import db
from tests.conftest import of, sign_in

TTL = 0.3


@pytest.fixture
def config_overrides():
    return {"AGORA_CACHE_SECONDS": TTL}


def post(client, session_id, body):
    return client.emit("post", {"session_id": session_id, "body": body}, callback=True)


def another_process(app, sql: str, **params) -> None:
    """A change committed outside this process's ORM session (as another server would)."""
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text(sql), params)


def test_a_ban_made_by_another_process_applies_within_the_cache_time(app, sio, guest, live_session):
    sid = live_session["id"]
    maria = guest("Maria")
    client = sio(maria["token"])
    client.emit("join", {"session_id": sid}, callback=True)
    assert post(client, sid, "Before")["ok"]

    another_process(
        app,
        "INSERT INTO ban (participant_id, kind, scope, reason, created_by, created_at)"
        " VALUES (:p, 'ban', 'all', 'spam', :p, CURRENT_TIMESTAMP)",
        p=maria["participant"]["id"],
    )
    time.sleep(TTL + 0.1)
    refused = post(client, sid, "After")
    assert refused["ok"] is False and refused["error"]["code"] == "banned"


def test_a_new_display_name_reaches_posts_within_the_cache_time(app, sio, guest, live_session):
    sid = live_session["id"]
    maria = guest("Maria")
    author, reader = sio(maria["token"]), sio()
    for c in (author, reader):
        c.emit("join", {"session_id": sid}, callback=True)
    assert post(author, sid, "First")["ok"]
    another_process(
        app,
        "UPDATE participant SET display_name = 'Maria K.' WHERE id = :p",
        p=maria["participant"]["id"],
    )
    time.sleep(TTL + 0.1)
    assert post(author, sid, "Second")["ok"]
    names = [p["author"]["display_name"] for p in of(reader.get_received(), "post_published")]
    assert names == ["Maria", "Maria K."]


def test_a_word_filter_added_here_applies_to_the_very_next_post(
    client, runner, sio, guest, live_session
):
    sid = live_session["id"]
    author = sio(guest("Maria")["token"])
    assert post(author, sid, "What a clown")["ok"]  # the (empty) filters are now cached
    sign_in(client, runner, "organiser")
    client.post("/moderation/filters", data={"term": "clown", "action": "block", "language": ""})
    refused = post(author, sid, "What a clown")
    assert refused["ok"] is False and refused["error"]["code"] == "invalid"


def test_a_post_reads_no_participant_ban_or_filter_once_cached(app, sio, guest, live_session):
    sid = live_session["id"]
    author = sio(guest("Maria")["token"])
    assert post(author, sid, "Warming the caches")["ok"]
    tables: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            tables.append(
                statement.split(" FROM ", 1)[1].split()[0] if " FROM " in statement else ""
            )

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert post(author, sid, "Cached")["ok"]
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert not {"participant", "staff_scope", "ban", "word_filter"} & set(tables), tables
