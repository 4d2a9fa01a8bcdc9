"""One table: every moderation event and staff endpoint, for every kind of caller. Each cell is
what that caller gets — the contract's code, or success."""

from __future__ import annotations

import pytest

ROLES = ("anonymous", "guest", "banned", "moderator_elsewhere", "moderator", "organiser", "admin")
OK = "ok"

# action -> expected outcome per role, in ROLES order.
MATRIX = {
    "join": (OK, OK, OK, OK, OK, OK, OK),
    "post": ("unauthorized", OK, "banned", OK, OK, OK, OK),
    "react": ("unauthorized", OK, "banned", OK, OK, OK, OK),
    "flag": ("unauthorized", OK, "banned", OK, OK, OK, OK),
    "join_moderation": ("unauthorized", "forbidden", "forbidden", "forbidden", OK, OK, OK),
    "moderate": ("unauthorized", "forbidden", "forbidden", "forbidden", OK, OK, OK),
    "ban": ("unauthorized", "forbidden", "forbidden", "forbidden", OK, OK, OK),
    "patch_moderation": (401, 403, 403, 403, 200, 200, 200),
    "patch_state": (401, 403, 403, 403, 403, 200, 200),
    "queue_page": (302, 403, 403, 200, 200, 200, 200),
    "filters_page": (302, 403, 403, 403, 403, 200, 200),
    "audit_page": (302, 403, 403, 403, 403, 200, 200),
}


@pytest.fixture
def callers(app, sio, guest, staff, live_session):
    """A token per role (None for anonymous); the banned guest is banned from the debate."""
    from app.debates.models import Debate
    from app.extensions import db

    with app.app_context():
        db.session.add(Debate(slug="elsewhere", default_language="en", title={"en": "E"}))
        db.session.commit()
    banned = guest("Banned")
    organiser = staff("organiser")
    ack = sio(organiser).emit(
        "ban",
        {
            "participant_id": banned["participant"]["id"],
            "session_id": live_session["id"],
            "kind": "ban",
            "scope": "debate",
            "reason": "spam",
        },
        callback=True,
    )
    assert ack["ok"], ack
    return {
        "anonymous": None,
        "guest": guest("Guest")["token"],
        "banned": banned["token"],
        "moderator_elsewhere": staff("moderator", debates=("elsewhere",)),
        "moderator": staff("moderator", debates=("test-debate",)),
        "organiser": organiser,
        "admin": staff("admin"),
    }


def outcome(ack: dict) -> str:
    return OK if ack.get("ok") else ack["error"]["code"]


@pytest.mark.parametrize("action", list(MATRIX))
def test_authorisation_matrix(client, sio, guest, callers, live_session, action):
    sid = live_session["id"]
    author = sio(guest("Author")["token"])
    got = []
    for role in ROLES:
        token = callers[role]
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        target = author.emit("post", {"session_id": sid, "body": f"for {role}"}, callback=True)[
            "post"
        ]
        c = sio(token)
        if action == "join":
            got.append(outcome(c.emit("join", {"session_id": sid}, callback=True)))
        elif action == "post":
            got.append(outcome(c.emit("post", {"session_id": sid, "body": "hi"}, callback=True)))
        elif action == "react":
            got.append(
                outcome(c.emit("react", {"post_id": target["id"], "kind": "agree"}, callback=True))
            )
        elif action == "flag":
            got.append(
                outcome(c.emit("flag", {"post_id": target["id"], "reason": "spam"}, callback=True))
            )
        elif action == "join_moderation":
            got.append(outcome(c.emit("join_moderation", {"session_id": sid}, callback=True)))
        elif action == "moderate":
            got.append(
                outcome(
                    c.emit("moderate", {"post_id": target["id"], "action": "hide"}, callback=True)
                )
            )
        elif action == "ban":
            victim = guest(f"Victim of {role}")["participant"]["id"]
            got.append(
                outcome(
                    c.emit(
                        "ban",
                        {
                            "participant_id": victim,
                            "session_id": sid,
                            "kind": "mute",
                            "scope": "session",
                            "reason": "spam",
                        },
                        callback=True,
                    )
                )
            )
        elif action.startswith("patch_"):
            body = {"moderation": "pre"} if action == "patch_moderation" else {"state": "live"}
            got.append(
                client.patch(f"/api/v1/sessions/{sid}", json=body, headers=headers).status_code
            )
        else:
            path = {
                "queue_page": "/moderation",
                "filters_page": "/moderation/filters",
                "audit_page": "/moderation/audit",
            }[action]
            got.append(client.get(path, headers=headers).status_code)
        c.disconnect()
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, MATRIX[action], strict=True))
