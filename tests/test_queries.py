"""No page or list costs a query per item: the number of SQL statements a request makes stays
the same when the debate holds five times more posts, replies, reactions and participants."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app.extensions import db
from tests.conftest import sign_in
from tests.debates.test_events import join, post


@contextmanager
def counted(app):
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def grow(sio, guest, sid: int, n: int) -> None:
    """n more participants, each with a post, a reply and a reaction."""
    for i in range(n):
        client = sio(guest(f"Person {i}", country="BG", town="Razgrad")["token"])
        join(client, sid)
        first = post(client, sid, f"Thought {i}")["post"]
        post(client, sid, f"Reply {i}", parent_id=first["id"])
        client.emit("react", {"post_id": first["id"], "kind": "agree"}, callback=True)
        client.disconnect()


@pytest.mark.parametrize(
    "path",
    [
        "/d/test-debate",
        "/d/test-debate/screen",
        "/api/v1/debates",
        "/api/v1/sessions/{sid}/posts?after_seq=0",
        "/organise",
        "/organise/sessions/{sid}",
        "/organise/debates/{debate}/report",
        "/api/v1/sessions/{sid}/transcript?format=json",
        "/moderation/audit",
    ],
)
def test_queries_do_not_grow_with_the_debate(app, client, runner, sio, guest, live_session, path):
    sid, debate = live_session["id"], live_session["debate_id"]
    url = path.format(sid=sid, debate=debate)
    sign_in(client, runner, "organiser")

    def statements_for_page() -> int:
        with counted(app) as statements:
            response = client.get(url)
            response.get_data()  # streamed bodies run their queries while read
        assert response.status_code == 200, url
        return len(statements)

    grow(sio, guest, sid, 3)
    small = statements_for_page()
    grow(sio, guest, sid, 12)
    large = statements_for_page()
    assert small > 0  # the listener sees the requests' statements
    assert large == small, f"{url}: {small} statements with 3 people, {large} with 15"
