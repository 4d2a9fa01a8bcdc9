"""One table: every Socket.IO event and every HTTP endpoint, for every kind of caller. Each cell
is what that caller gets: the contract's ack code (or "ok") for an event, the HTTP status for
the JSON API, and for HTML pages and forms the status or where the browser is sent ("→ /login",
"→ /join", or "ok" when a form goes on to its own next page).

Events and the JSON API authenticate with the caller's bearer token; HTML pages and forms with
the caller's browser cookie, signed in through /join (guests) or /login (staff).

The world (debates, sessions, the eight callers) is built once per database and shared by every
row, which keeps the file fast: each row acts on throwaway targets of its own (fresh posts,
victims, bans, word filters, debates, tokens, and fresh people to sign out or erase), and the
shared sessions only ever receive no-op changes, so no row depends on another."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app import create_app
from app.accounts.models import Participant, StaffScope
from app.accounts.services import do_issue_token
from app.core.time import utcnow
from app.debates.models import Debate, DebateSession
from app.extensions import db, socketio
from app.moderation import filters
from tests.conftest import (
    STAFF_PASSWORD,
    _empty_tables,
    create_staff,
    make_config,
    service_missing,
)

ROLES = (
    "anonymous",
    "guest",
    "banned",  # a guest banned from this debate
    "other_session",  # a guest who joined and posted in another debate's live session
    "moderator_elsewhere",  # a moderator of another debate only
    "moderator",  # a moderator of this debate
    "organiser",
    "admin",
)
OK = "ok"
LOGIN = "→ /login"  # an HTML page sends an anonymous visitor to sign in ...
JOIN = "→ /join"  # ... or to join as a guest
REFUSED = "refused"  # the no-JavaScript post form: back to the page, the reason flashed

U, F, NF = "unauthorized", "forbidden", "not_found"
EVERYONE_EVENT = (OK,) * 8
EVERYONE_PAGE = (200,) * 8
ORGANISERS_API = (401, 403, 403, 403, 403, 403, 200, 200)
ORGANISERS_PAGE = (LOGIN, 403, 403, 403, 403, 403, 200, 200)
ORGANISERS_FORM = (LOGIN, 403, 403, 403, 403, 403, OK, OK)

# Row -> outcome per role, in ROLES order. A row names a Socket.IO event ("ev <event>") or an
# HTTP rule ("<METHOD> <rule>" as in app.url_map), then optionally a variant in parentheses.
MATRIX: dict[str, tuple[Any, ...]] = {
    # --- Socket.IO events ---------------------------------------------------------------------
    "ev connect": EVERYONE_EVENT,
    "ev disconnect": (U,) + ("invalid",) * 7,  # sent as an event on an open connection
    "ev *": (U,) + ("invalid",) * 7,  # any event the server does not know
    "ev join": EVERYONE_EVENT,
    "ev leave": EVERYONE_EVENT,
    "ev post": (U, OK, "banned", OK, OK, OK, OK, OK),
    "ev post (browser cookie)": (U, OK, "banned", OK, OK, OK, OK, OK),
    "ev post (reply)": (U, OK, "banned", OK, OK, OK, OK, OK),
    # The reply is sent to the session the caller takes part in, answering a post here.
    "ev post (reply from own session)": (U, OK, "banned", "invalid", OK, OK, OK, OK),
    "ev react": (U, OK, "banned", OK, OK, OK, OK, OK),
    "ev flag": (U, OK, "banned", OK, OK, OK, OK, OK),
    # The caller's own post (in the session it takes part in), hidden by a moderator; the
    # banned guest wrote theirs before the ban, and may still ask for the decision to be
    # reviewed (an appeal concerns that one post and goes to the moderators).
    "ev appeal": (U, OK, OK, OK, OK, OK, OK, OK),
    "ev appeal (someone else's post)": (U, F, F, F, F, F, F, F),
    "ev join_moderation": (U, F, F, F, F, OK, OK, OK),
    "ev join_moderation (other debate)": (U, F, F, F, OK, F, OK, OK),
    "ev claim": (U, F, F, F, F, OK, OK, OK),
    # Staff get the counts of the sessions they moderate, and only those ("leaks" otherwise).
    "ev queue_counts": (U, F, F, F, OK, OK, OK, OK),
    "ev moderate": (U, F, F, F, F, OK, OK, OK),
    "ev moderate (other debate)": (U, F, F, F, OK, F, OK, OK),
    "ev ban": (U, F, F, F, F, OK, OK, OK),
    "ev ban (everywhere)": (U, F, F, F, F, F, OK, OK),
    "ev lift_ban": (U, F, F, F, F, OK, OK, OK),
    # A published post's cached translation: any participant (watchers only join and read).
    "ev translate": (U,) + (OK,) * 7,
    # A post awaiting moderation: its author (another guest) and its moderators only.
    "ev translate (pending post)": (U, NF, NF, NF, NF, OK, OK, OK),
    # --- JSON API (bearer token) --------------------------------------------------------------
    "GET /healthz": EVERYONE_PAGE,
    "POST /api/v1/auth/guest": (201,) * 8,
    "POST /api/v1/auth/token": (200,) * 8,  # a staff member's email and password
    # Revokes the token it is sent with (a fresh one per caller); it must then stop working.
    "DELETE /api/v1/auth/token": (401,) + (204,) * 7,
    "GET /api/v1/debates": EVERYONE_PAGE,
    "POST /api/v1/debates": (401, 403, 403, 403, 403, 403, 201, 201),
    "PATCH /api/v1/debates/<int:debate_id>": ORGANISERS_API,
    "POST /api/v1/debates/<int:debate_id>/sessions": (401, 403, 403, 403, 403, 403, 201, 201),
    "GET /api/v1/debates/<int:debate_id>/stats": ORGANISERS_API,
    "GET /api/v1/debates/<int:debate_id>/stats (csv)": ORGANISERS_API,
    "GET /api/v1/sessions/<int:session_id>/stats": ORGANISERS_API,
    "GET /api/v1/stats": ORGANISERS_API,
    "GET /api/v1/sessions/<int:session_id>/posts": EVERYONE_PAGE,
    "PATCH /api/v1/sessions/<int:session_id> (moderation)": (
        401,
        403,
        403,
        403,
        403,
        200,
        200,
        200,
    ),
    "PATCH /api/v1/sessions/<int:session_id> (slow mode)": (401, 403, 403, 403, 403, 200, 200, 200),
    "PATCH /api/v1/sessions/<int:session_id> (state)": ORGANISERS_API,
    "PATCH /api/v1/sessions/<int:session_id> (transcript)": ORGANISERS_API,
    "GET /api/v1/sessions/<int:session_id>/transcript": ORGANISERS_API,
    "GET /api/v1/sessions/<int:session_id>/transcript (published)": EVERYONE_PAGE,
    "GET /api/v1/me/data": (401,) + (200,) * 7,
    # A fresh person per caller; staff accounts are closed by an administrator instead.
    "DELETE /api/v1/me": (401, 200, 200, 200, 403, 403, 403, 403),
    # --- HTML pages and forms (browser cookie) ------------------------------------------------
    "GET /": EVERYONE_PAGE,
    "GET /privacy": EVERYONE_PAGE,
    "GET /d/<slug>": EVERYONE_PAGE,
    "GET /d/<slug>/screen": EVERYONE_PAGE,
    "GET /d/<slug>/og/<lang>.png": EVERYONE_PAGE,
    "GET /embed/<slug>": EVERYONE_PAGE,
    "GET /p/<int:post_id>": EVERYONE_PAGE,
    "GET /p/<int:post_id> (hidden)": (404,) * 8,  # moderators too: a permalink is public
    "POST /sessions/<int:session_id>/posts": (JOIN, OK, REFUSED, OK, OK, OK, OK, OK),
    "GET /join": EVERYONE_PAGE,
    "POST /join": (OK,) * 8,  # a fresh browser of each kind
    "GET /login": EVERYONE_PAGE,
    "POST /login": (OK,) * 8,
    "POST /logout": (OK,) * 8,  # a fresh browser of each kind; it must then be signed out
    "GET /me": (JOIN,) + (200,) * 7,
    "GET /me/data.json": (JOIN,) + (200,) * 7,
    "POST /me/erase": (JOIN, OK, OK, OK, 403, 403, 403, 403),  # a fresh person per caller
    "GET /moderation": (LOGIN, 403, 403, 403, 200, 200, 200, 200),
    "GET /moderation/filters": ORGANISERS_PAGE,
    "POST /moderation/filters": ORGANISERS_FORM,
    # Refused before the sign-in check, so the anonymous get 403 too (nothing is deleted).
    "POST /moderation/filters/<int:filter_id>/delete": (403, 403, 403, 403, 403, 403, OK, OK),
    "GET /moderation/audit": ORGANISERS_PAGE,
    "GET /moderation/audit.csv": ORGANISERS_PAGE,
    "GET /organise": ORGANISERS_PAGE,
    "GET /organise/report": ORGANISERS_PAGE,
    "GET /organise/debates/new": ORGANISERS_PAGE,
    "POST /organise/debates/new": ORGANISERS_FORM,
    "GET /organise/debates/<int:debate_id>/edit": ORGANISERS_PAGE,
    "POST /organise/debates/<int:debate_id>/edit": ORGANISERS_FORM,
    "GET /organise/debates/<int:debate_id>/report": ORGANISERS_PAGE,
    "GET /organise/debates/<int:debate_id>/sessions/new": ORGANISERS_PAGE,
    "POST /organise/debates/<int:debate_id>/sessions/new": ORGANISERS_FORM,
    "GET /organise/sessions/<int:session_id>": ORGANISERS_PAGE,
    "GET /organise/sessions/<int:session_id>/edit": ORGANISERS_PAGE,
    "POST /organise/sessions/<int:session_id>/edit": ORGANISERS_FORM,
    "POST /organise/sessions/<int:session_id>/control": ORGANISERS_FORM,
}

# Endpoints deliberately left out of the table: static files (CSS, JavaScript, fonts, icons)
# are public to everyone by design and carry no data.
PUBLIC_STATIC = {"static"}

# role -> (staff role, debates moderated); the other roles are guests or anonymous.
STAFF = {
    "moderator_elsewhere": ("moderator", ("elsewhere",)),
    "moderator": ("moderator", ("test-debate",)),
    "organiser": ("organiser", ()),
    "admin": ("admin", ()),
}


# --- the world ------------------------------------------------------------------------------


@dataclass
class Caller:
    role: str
    token: str | None  # for events and the JSON API
    browser: FlaskClient  # for HTML pages and forms (cookie)
    participant_id: int | None = None
    home: int = 0  # the session this caller takes part in
    own_post: int | None = None  # a post of theirs in `home`
    moderates: set[int] | None = field(default_factory=set)  # debate ids; None: all

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


class World:
    """Debates, sessions and callers on one database, and helpers to make throwaway targets."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.runner = app.test_cli_runner()
        self.row = ""  # the table row being checked
        self._numbers = itertools.count(1)
        self._row_sockets: list[Any] = []
        self._kept_sockets: list[Any] = []
        # Staff made for one row sign in for real, with a cheap scrypt cost (the accounts of
        # the eight callers are made by `agora users create`, at the production cost).
        self._cheap_hash = generate_password_hash(STAFF_PASSWORD, method="scrypt:1024:8:1")
        with app.app_context():
            here = Debate(slug="test-debate", default_language="en", title={"en": "Test debate"})
            for number, state in ((1, "live"), (2, "scheduled"), (3, "closed")):
                here.sessions.append(
                    DebateSession(number=number, title={"en": f"Session {number}"}, state=state)
                )
            here.sessions[2].transcript_published = True
            elsewhere = Debate(slug="elsewhere", default_language="en", title={"en": "Elsewhere"})
            elsewhere.sessions.append(DebateSession(number=1, title={"en": "E1"}, state="live"))
            # Organisers' rows edit and add to this one, never to the debate under test.
            sandbox = Debate(slug="sandbox", default_language="en", title={"en": "Sandbox"})
            sandbox.sessions.append(DebateSession(number=1, title={"en": "S1"}, state="scheduled"))
            db.session.add_all([here, elsewhere, sandbox])
            db.session.commit()
            self.debate_id, self.other_debate_id, self.sandbox_id = (
                here.id,
                elsewhere.id,
                sandbox.id,
            )
            self.sid, self.closed = here.sessions[0].id, here.sessions[2].id
            self.other_sid, self.sandbox_sid = elsewhere.sessions[0].id, sandbox.sessions[0].id
            self.debate_of = {
                s.id: d.id for d in (here, elsewhere, sandbox) for s in d.sessions
            }  # session id -> debate id
            self.slug_ids = {d.slug: d.id for d in (here, elsewhere, sandbox)}
        self.callers: dict[str, Caller] = {}
        self.callers["organiser"] = self.caller("organiser", real=True)
        self.moderation = self._keep(self.callers["organiser"].token)
        self.author = self._keep(self.new_guest("Author")["token"])
        for role in ROLES:
            if role not in self.callers:
                self.callers[role] = self.caller(role, real=True)
        self.login_email = f"login-{self.n()}@example.org"
        self._insert_staff("moderator", self.login_email, ())

    # -- plumbing --

    def n(self) -> int:
        return next(self._numbers)

    def api(self) -> FlaskClient:
        """A fresh client without cookies: JSON requests authenticate by their bearer token."""
        return self.app.test_client()

    def _connect(self, token: str | None):
        return socketio.test_client(self.app, auth={"token": token} if token else None)

    def _keep(self, token: str | None):
        conn = self._connect(token)
        assert conn.is_connected()
        self._kept_sockets.append(conn)
        return conn

    def socket(self, caller: Caller, *, cookie: bool = False):
        """A connection for one cell, closed after it: with the caller's token, or (`cookie`)
        from the caller's browser, as the debate page connects."""
        if cookie:
            conn = socketio.test_client(self.app, flask_test_client=caller.browser)
        else:
            conn = self._connect(caller.token)
        self._row_sockets.append(conn)
        return conn

    def close_row_sockets(self) -> None:
        for conn in self._row_sockets:
            if conn.is_connected():
                conn.disconnect()
        self._row_sockets.clear()

    def close(self) -> None:
        self.close_row_sockets()
        for conn in self._kept_sockets:
            if conn.is_connected():
                conn.disconnect()

    def url(self, rule: str) -> str:
        """A rule's path for the debate and live session under test."""
        values = {"<slug>": "test-debate", "<int:debate_id>": self.debate_id, "<lang>": "bg"}
        values["<int:session_id>"] = self.sid
        for name, value in values.items():
            rule = rule.replace(name, str(value))
        return rule

    # -- people --

    def new_guest(self, name: str) -> dict[str, Any]:
        body = {"display_name": f"{name} {self.n()}", "language": "en", "consent": True}
        response = self.api().post("/api/v1/auth/guest", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def _insert_staff(self, kind: str, email: str, slugs: tuple[str, ...]) -> None:
        with self.app.app_context():
            person = Participant(
                display_name=f"{kind.title()} {self.n()}",
                email=email,
                password_hash=self._cheap_hash,
                role=kind,
                consent_at=utcnow(),
            )
            if kind == "moderator":
                person.scopes = [StaffScope(debate_id=self.slug_ids[s]) for s in slugs]
            db.session.add(person)
            db.session.commit()

    def caller(self, role: str, *, real: bool = False) -> Caller:
        """A new person of `role`, with a token and a signed-in browser; `real` staff are made
        by `agora users create` (the eight callers), the others directly (throwaway ones)."""
        browser = self.app.test_client()
        if role == "anonymous":
            return Caller(role, None, browser, home=self.sid)
        if role in STAFF:
            kind, slugs = STAFF[role]
            email = f"{role}-{self.n()}@example.org"
            if real:
                create_staff(self.runner, kind, email, slugs)
            else:
                self._insert_staff(kind, email, slugs)
            credentials = {"email": email, "password": STAFF_PASSWORD}
            issued = self.api().post("/api/v1/auth/token", json=credentials).get_json()
            assert browser.post("/login", data=credentials).status_code == 302
            moderates = {self.slug_ids[s] for s in slugs} if kind == "moderator" else None
            caller = Caller(
                role, issued["token"], browser, issued["user"]["id"], self.sid, moderates=moderates
            )
        else:
            name = f"{role.replace('_', ' ').title()} {self.n()}"
            joined = browser.post(
                "/join", data={"display_name": name, "language": "en", "consent": "y"}
            )
            assert joined.status_code == 302, joined.get_data(as_text=True)
            with self.app.app_context():
                person = db.session.scalar(
                    select(Participant).where(Participant.display_name == name)
                )
                token = do_issue_token(person)
                home = self.other_sid if role == "other_session" else self.sid
                caller = Caller(role, token, browser, person.id, home)
        conn = self._connect(caller.token)
        assert conn.emit("join", {"session_id": caller.home}, callback=True)["ok"]
        posted = conn.emit(
            "post", {"session_id": caller.home, "body": f"I am {role}"}, callback=True
        )
        assert posted["ok"], posted
        caller.own_post = posted["post"]["id"]
        conn.disconnect()
        if role == "banned":
            self.ban(caller.participant_id, kind="ban", scope="debate")
        return caller

    # -- targets --

    def target(self, session_id: int | None = None) -> int:
        """A fresh published post by another guest, here or in `session_id`."""
        body = {"session_id": session_id or self.sid, "body": f"Target {self.n()}"}
        posted = self.author.emit("post", body, callback=True)
        assert posted["ok"], posted
        return posted["post"]["id"]

    def decide(self, post_id: int, action: str) -> None:
        ack = self.moderation.emit(
            "moderate", {"post_id": post_id, "action": action}, callback=True
        )
        assert ack["ok"], ack

    def ban(self, participant_id: int, *, kind: str = "mute", scope: str = "session") -> int:
        body = {
            "participant_id": participant_id,
            "session_id": self.sid,
            "kind": kind,
            "scope": scope,
            "reason": "spam",
        }
        ack = self.moderation.emit("ban", body, callback=True)
        assert ack["ok"], ack
        return ack["ban"]["id"]

    def word_filter(self) -> int:
        with self.app.app_context():
            organiser = db.session.get(Participant, self.callers["organiser"].participant_id)
            added = filters.do_add_filter(
                organiser, {"term": f"zzqthrowaway{self.n()}", "action": "hold"}
            )
            return added.id


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, databases: dict[str, str | None]) -> Iterator[World]:
    """Built once per database for the whole table (see the module's docstring)."""
    url = databases[request.param]
    if url is None:
        service_missing("PostgreSQL is not reachable on 127.0.0.1:5432")
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        _empty_tables()
    built = World(app)
    yield built
    built.close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# --- outcomes -------------------------------------------------------------------------------


def ack(reply: dict[str, Any]) -> str:
    return OK if reply.get("ok") else reply["error"]["code"]


def page(response) -> int | str:
    """An HTML answer: its status, or where a redirect sends the browser."""
    response.get_data()  # streamed pages (CSV) are read to the end
    if response.status_code in (301, 302, 303):
        return {"/login": LOGIN, "/join": JOIN}.get(urlsplit(response.location).path, OK)
    return response.status_code


def status(response) -> int:
    response.get_data()
    return response.status_code


# --- what each row does (rows without an entry: a GET of the rule, see `perform`) -----------

DO: dict[str, Callable[[World, Caller], Any]] = {}


def does(*rows: str) -> Callable:
    def register(fn: Callable[[World, Caller], Any]) -> Callable[[World, Caller], Any]:
        for row in rows:
            assert row in MATRIX, row
            DO[row] = fn
        return fn

    return register


def emit(w: World, c: Caller, event: str, *payload: Any) -> str:
    return ack(w.socket(c).emit(event, *payload, callback=True))


@does("ev connect")
def _connect(w: World, c: Caller) -> str:
    return OK if w.socket(c).is_connected() else "refused"


@does("ev disconnect")
def _disconnect(w: World, c: Caller) -> str:
    return emit(w, c, "disconnect")


@does("ev *")
def _unknown(w: World, c: Caller) -> str:
    return emit(w, c, "shout", {"session_id": w.sid})


@does("ev join", "ev leave")
def _join_leave(w: World, c: Caller) -> str:
    conn = w.socket(c)
    joined = ack(conn.emit("join", {"session_id": w.sid}, callback=True))
    left = ack(conn.emit("leave", {"session_id": w.sid}, callback=True))
    return {"ev join": joined, "ev leave": left}[w.row]


@does("ev post", "ev post (browser cookie)")
def _post(w: World, c: Caller) -> str:
    conn = w.socket(c, cookie=w.row.endswith("(browser cookie)"))
    body = {"session_id": w.sid, "body": f"Hello from {c.role}"}
    return ack(conn.emit("post", body, callback=True))


@does("ev post (reply)", "ev post (reply from own session)")
def _reply(w: World, c: Caller) -> str:
    session_id = c.home if w.row.endswith("own session)") else w.sid
    body = {"session_id": session_id, "parent_id": w.target(), "body": f"Reply by {c.role}"}
    return emit(w, c, "post", body)


@does("ev react")
def _react(w: World, c: Caller) -> str:
    return emit(w, c, "react", {"post_id": w.target(), "kind": "agree"})


@does("ev flag")
def _flag(w: World, c: Caller) -> str:
    return emit(w, c, "flag", {"post_id": w.target(), "reason": "spam"})


@does("ev appeal", "ev appeal (someone else's post)")
def _appeal(w: World, c: Caller) -> str:
    own = w.row == "ev appeal" and c.own_post is not None
    post_id = c.own_post if own else w.target()
    w.decide(post_id, "hide")
    return emit(w, c, "appeal", {"post_id": post_id, "text": "Please look at it again."})


@does("ev join_moderation", "ev join_moderation (other debate)")
def _join_moderation(w: World, c: Caller) -> str:
    session_id = w.other_sid if w.row.endswith("(other debate)") else w.sid
    return emit(w, c, "join_moderation", {"session_id": session_id})


@does("ev claim")
def _claim(w: World, c: Caller) -> str:
    return emit(w, c, "claim", {"post_id": w.target()})


@does("ev queue_counts")
def _queue_counts(w: World, c: Caller) -> str:
    reply = w.socket(c).emit("queue_counts", {}, callback=True)
    if not reply.get("ok") or c.moderates is None:
        return ack(reply)
    foreign = [s for s in reply["sessions"] if w.debate_of.get(int(s)) not in c.moderates]
    return "leaks" if foreign else OK


@does("ev moderate", "ev moderate (other debate)")
def _moderate(w: World, c: Caller) -> str:
    session_id = w.other_sid if w.row.endswith("(other debate)") else w.sid
    return emit(w, c, "moderate", {"post_id": w.target(session_id), "action": "hide"})


@does("ev ban", "ev ban (everywhere)")
def _ban(w: World, c: Caller) -> str:
    victim = w.new_guest(f"Victim of {c.role}")["participant"]["id"]
    scope = "all" if w.row.endswith("(everywhere)") else "session"
    body = {
        "participant_id": victim,
        "session_id": w.sid,
        "kind": "mute",
        "scope": scope,
        "reason": "spam",
    }
    return emit(w, c, "ban", body)


@does("ev lift_ban")
def _lift_ban(w: World, c: Caller) -> str:
    ban_id = w.ban(w.new_guest(f"Muted for {c.role}")["participant"]["id"])
    return emit(w, c, "lift_ban", {"ban_id": ban_id})


@does("POST /api/v1/auth/guest")
def _api_guest(w: World, c: Caller) -> int:
    body = {"display_name": f"Newcomer {w.n()}", "language": "en", "consent": True}
    return status(w.api().post("/api/v1/auth/guest", json=body, headers=c.headers))


@does("POST /api/v1/auth/token")
def _api_token(w: World, c: Caller) -> int:
    body = {"email": w.login_email, "password": STAFF_PASSWORD}
    return status(w.api().post("/api/v1/auth/token", json=body, headers=c.headers))


def _still_works(w: World, token: str) -> bool:
    headers = {"Authorization": f"Bearer {token}"}
    return w.api().get("/api/v1/me/data", headers=headers).status_code != 401


@does("DELETE /api/v1/auth/token")
def _api_revoke(w: World, c: Caller) -> int | str:
    if c.participant_id is None:
        return status(w.api().delete("/api/v1/auth/token"))
    with w.app.app_context():
        token = do_issue_token(db.session.get(Participant, c.participant_id))
    headers = {"Authorization": f"Bearer {token}"}
    answer = status(w.api().delete("/api/v1/auth/token", headers=headers))
    return "still works" if answer == 204 and _still_works(w, token) else answer


@does("POST /api/v1/debates")
def _api_create_debate(w: World, c: Caller) -> int:
    body = {"slug": f"api-{w.n()}", "default_language": "en", "title": {"en": "New"}}
    return status(w.api().post("/api/v1/debates", json=body, headers=c.headers))


@does("PATCH /api/v1/debates/<int:debate_id>")
def _api_update_debate(w: World, c: Caller) -> int:
    body = {"slug": "sandbox", "default_language": "en", "title": {"en": "Sandbox"}}
    url = f"/api/v1/debates/{w.sandbox_id}"
    return status(w.api().patch(url, json=body, headers=c.headers))


@does("POST /api/v1/debates/<int:debate_id>/sessions")
def _api_create_session(w: World, c: Caller) -> int:
    body = {"title": {"en": f"Planned by {c.role}"}}
    url = f"/api/v1/debates/{w.sandbox_id}/sessions"
    return status(w.api().post(url, json=body, headers=c.headers))


@does("GET /api/v1/debates/<int:debate_id>/stats (csv)")
def _api_stats_csv(w: World, c: Caller) -> int:
    url = f"/api/v1/debates/{w.debate_id}/stats?format=csv"
    return status(w.api().get(url, headers=c.headers))


# Each change leaves the session as it was (the row is about who may make it).
SESSION_CHANGES = {
    "(moderation)": {"moderation": "post"},
    "(slow mode)": {"slow_mode_seconds": 0},
    "(state)": {"state": "live"},
    "(transcript)": {"transcript_published": True},
}


@does(*(f"PATCH /api/v1/sessions/<int:session_id> {v}" for v in SESSION_CHANGES))
def _api_change_session(w: World, c: Caller) -> int:
    variant = w.row[w.row.index("(") :]
    session_id = w.closed if variant == "(transcript)" else w.sid
    url = f"/api/v1/sessions/{session_id}"
    return status(w.api().patch(url, json=SESSION_CHANGES[variant], headers=c.headers))


@does("GET /api/v1/sessions/<int:session_id>/transcript (published)")
def _api_published_transcript(w: World, c: Caller) -> int:
    url = f"/api/v1/sessions/{w.closed}/transcript?format=json"
    return status(w.api().get(url, headers=c.headers))


@does("DELETE /api/v1/me")
def _api_erase(w: World, c: Caller) -> int | str:
    person = w.caller(c.role)
    answer = status(w.api().delete("/api/v1/me", headers=person.headers))
    return "still works" if answer == 200 and _still_works(w, person.token) else answer


@does("POST /sessions/<int:session_id>/posts")
def _form_post(w: World, c: Caller) -> str:
    response = c.browser.post(f"/sessions/{w.sid}/posts", data={"body": f"Form by {c.role}"})
    if page(response) == JOIN:
        return JOIN
    return OK if "#post-" in response.location else REFUSED


@does("POST /join")
def _form_join(w: World, c: Caller) -> int | str:
    data = {"display_name": f"Joiner {w.n()}", "language": "en", "consent": "y"}
    return page(w.caller(c.role).browser.post("/join", data=data))


@does("POST /login")
def _form_login(w: World, c: Caller) -> int | str:
    data = {"email": w.login_email, "password": STAFF_PASSWORD}
    return page(w.caller(c.role).browser.post("/login", data=data))


@does("POST /logout")
def _form_logout(w: World, c: Caller) -> int | str:
    browser = w.caller(c.role).browser
    answer = page(browser.post("/logout"))
    return "still signed in" if answer == OK and page(browser.get("/me")) != JOIN else answer


@does("POST /me/erase")
def _form_erase(w: World, c: Caller) -> int | str:
    return page(w.caller(c.role).browser.post("/me/erase", data={"confirm": "yes"}))


@does("POST /moderation/filters")
def _form_add_filter(w: World, c: Caller) -> int | str:
    data = {"term": f"zzqnew{w.n()}", "action": "hold"}
    return page(c.browser.post("/moderation/filters", data=data))


@does("POST /moderation/filters/<int:filter_id>/delete")
def _form_delete_filter(w: World, c: Caller) -> int | str:
    return page(c.browser.post(f"/moderation/filters/{w.word_filter()}/delete"))


@does("POST /organise/debates/new")
def _form_new_debate(w: World, c: Caller) -> int | str:
    data = {"slug": f"form-{w.n()}", "default_language": "en", "title_en": "New"}
    return page(c.browser.post("/organise/debates/new", data=data))


@does("POST /organise/debates/<int:debate_id>/edit")
def _form_edit_debate(w: World, c: Caller) -> int | str:
    data = {"slug": "sandbox", "default_language": "en", "title_en": "Sandbox"}
    return page(c.browser.post(f"/organise/debates/{w.sandbox_id}/edit", data=data))


SESSION_FORM = {"title_en": "Sandbox session", "moderation": "post", "slow_mode_seconds": "0"}


@does("POST /organise/debates/<int:debate_id>/sessions/new")
def _form_new_session(w: World, c: Caller) -> int | str:
    url = f"/organise/debates/{w.sandbox_id}/sessions/new"
    return page(c.browser.post(url, data=SESSION_FORM))


@does("POST /organise/sessions/<int:session_id>/edit")
def _form_edit_session(w: World, c: Caller) -> int | str:
    url = f"/organise/sessions/{w.sandbox_sid}/edit"
    return page(c.browser.post(url, data=SESSION_FORM))


@does("POST /organise/sessions/<int:session_id>/control")
def _form_control(w: World, c: Caller) -> int | str:
    url = f"/organise/sessions/{w.sandbox_sid}/control"
    return page(c.browser.post(url, data={"moderation": "post"}))


@does("ev translate", "ev translate (pending post)")
def _translate(w: World, c: Caller) -> str:
    from app.debates.models import Post, PostTranslation

    post_id = w.target()
    with w.app.app_context():
        if w.row.endswith("(pending post)"):
            db.session.get(Post, post_id).status = "pending"
        # Cached: the table is about who may read it, not about a provider (none here).
        db.session.add(PostTranslation(post_id=post_id, language="de", text="…", provider="t"))
        db.session.commit()
    return emit(w, c, "translate", {"post_id": post_id, "language": "de"})


@does("GET /p/<int:post_id>")
def _permalink(w: World, c: Caller) -> int | str:
    return page(c.browser.get(f"/p/{w.target()}"))


@does("GET /p/<int:post_id> (hidden)")
def _permalink_hidden(w: World, c: Caller) -> int | str:
    post_id = w.target()
    w.decide(post_id, "hide")
    return page(c.browser.get(f"/p/{post_id}"))


def perform(w: World, row: str, c: Caller) -> Any:
    if row in DO:
        return DO[row](w, c)
    method, rule = row.split(" ", 1)
    assert method == "GET" and " (" not in rule, f"{row}: say what it does in DO"
    if rule.startswith("/api/") or rule == "/healthz":
        return status(w.api().get(w.url(rule), headers=c.headers))
    return page(c.browser.get(w.url(rule)))


@pytest.mark.parametrize("row", list(MATRIX))
def test_authorisation_matrix(world: World, row: str) -> None:
    world.row = row
    got = {}
    for role in ROLES:
        try:
            got[role] = perform(world, row, world.callers[role])
        finally:
            world.close_row_sockets()
    assert got == dict(zip(ROLES, MATRIX[row], strict=True))


# --- nothing escapes the table ---------------------------------------------------------------


def named(kind: str) -> set[str]:
    """What the table's rows name: events for "ev", "METHOD rule" for HTTP."""
    targets = {row.split(" (")[0] for row in MATRIX}
    if kind == "ev":
        return {t[3:] for t in targets if t.startswith("ev ")}
    return {t for t in targets if not t.startswith("ev ")}


def test_every_http_endpoint_is_in_the_table(world: World) -> None:
    served = {
        f"{method} {rule.rule}"
        for rule in world.app.url_map.iter_rules()
        if rule.endpoint not in PUBLIC_STATIC
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert sorted(served - named("http")) == [], "endpoints missing from MATRIX"
    assert sorted(named("http") - served) == [], "MATRIX rows for endpoints that do not exist"


def test_every_socket_event_is_in_the_table(world: World) -> None:
    handled = set(socketio.server.handlers["/"])
    assert {"connect", "join", "ban", "*"} <= handled
    assert sorted(handled - named("ev")) == [], "events missing from MATRIX"
    assert sorted(named("ev") - handled) == [], "MATRIX rows for events that do not exist"
