"""The debate services without a server: seq order, catch-up, and broadcasts only after commit."""

from __future__ import annotations

from unittest import mock

import pytest

from app.core.errors import AgoraError
from app.debates import services


@pytest.fixture
def author(app, guest):
    """A guest, loaded in the app context the test works in."""
    from app.accounts.models import Participant
    from app.extensions import db

    participant_id = guest("Maria")["participant"]["id"]
    with app.app_context():
        yield db.session.get(Participant, participant_id)


def test_every_public_change_takes_the_next_seq(app, author, live_session):
    sid = live_session["id"]
    first, _ = services.do_post(author, {"session_id": sid, "body": "one"})
    second, _ = services.do_post(author, {"session_id": sid, "body": "two"})
    services.do_react(author, {"post_id": first["id"], "kind": "agree"})
    assert [first["seq"], second["seq"]] == [1, 2]
    assert services.get_session(sid).last_seq == 3  # the reaction change took the next one
    state = services.session_state(
        services.get_session(sid), after_seq=2, participant_id=author.id, lang="en"
    )
    assert [p["id"] for p in state["posts"]] == [first["id"]]
    assert state["my_reactions"] == {first["id"]: ["agree"]}


def test_events_leave_only_after_commit(app, author, live_session):
    sid = live_session["id"]
    with mock.patch("app.core.realtime.socketio.emit") as emit:
        services.do_post(author, {"session_id": sid, "body": "committed"})
        assert [c.args[0] for c in emit.call_args_list] == ["post_published"]
        emit.reset_mock()
        failing_commit = mock.patch(
            "app.debates.services.db.session.commit", side_effect=RuntimeError
        )
        with failing_commit, pytest.raises(RuntimeError):
            services.do_post(author, {"session_id": sid, "body": "rolled back"})
        from app.extensions import db

        db.session.rollback()
        emit.assert_not_called()
        # The failed post left no trace and did not use up a seq.
        nxt, _ = services.do_post(author, {"session_id": sid, "body": "next"})
        assert nxt["seq"] == 2


def test_refusals_are_agora_errors(app, author, live_session):
    with pytest.raises(AgoraError) as err:
        services.do_post(author, {"session_id": live_session["closed"], "body": "x"})
    assert err.value.code == "session_closed"


def test_the_join_snapshot_follows_every_public_change(app, author, live_session):
    """The newest page is built once per seq and shared by joiners: it must never outlive a
    change (a new post, a hidden post, new reaction counts)."""
    from app.extensions import db

    sid = live_session["id"]

    def snapshot() -> dict[int, dict]:
        db.session.expire_all()
        state = services.session_state(
            services.get_session(sid), after_seq=None, participant_id=None, lang="en"
        )
        return {p["id"]: p for p in state["posts"]}

    first, _ = services.do_post(author, {"session_id": sid, "body": "one"})
    assert list(snapshot()) == [first["id"]]
    assert list(snapshot()) == [first["id"]]  # the same page, served again
    second, _ = services.do_post(author, {"session_id": sid, "body": "two"})
    assert list(snapshot()) == [first["id"], second["id"]]
    services.do_react(author, {"post_id": first["id"], "kind": "agree"})
    assert snapshot()[first["id"]]["reactions"]["agree"] == 1
    post = db.session.get(services.Post, second["id"])
    post.status = "hidden"
    post.changed_seq = services.next_seq(sid)  # as moderation does: hiding takes a seq
    db.session.commit()
    assert list(snapshot()) == [first["id"]]
