"""Property-based fuzzing (hypothesis) of every client Socket.IO event and every JSON endpoint.

Random payloads — every JSON type, huge and negative numbers, NaN and infinities, odd Unicode
(RTL, zero-width, combining marks, astral planes, lone surrogates sent as JSON escapes), very long
strings, nesting — and "almost valid" payloads (a valid one with one field changed, dropped or
added) go to each event as an anonymous watcher, a guest, a moderator and an organiser. Every
emit must be answered by an ack in the contract's shape, with a contract error code and a message,
never `internal`; afterwards the same connections still work. The JSON endpoints get random
bodies, content types, broken JSON and bodies around the size limit: never a 5xx, every refusal
a 4xx with the JSON error shape."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.validate import is_text
from app.debates.models import Post
from app.extensions import db

# The contract's ack error codes (/work/shared/CONTRACT.md). `internal` is deliberately absent.
CODES = {
    "unauthorized",
    "forbidden",
    "banned",
    "rate_limited",
    "invalid",
    "too_long",
    "not_found",
    "session_closed",
    "conflict",
    "unavailable",  # Agora's addition: a database outage, or no translation provider
}
EVENTS = [
    "join",
    "leave",
    "post",
    "react",
    "flag",
    "join_moderation",
    "moderate",
    "claim",
    "queue_counts",
    "ban",
    "lift_ban",
    "appeal",
    "translate",
]
IDENTITIES = ["anonymous", "guest", "moderator", "organiser"]
MAX_ID = 2**31 - 1


def fuzz(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,  # no example database in the work tree; every run explores afresh
    )


# Cases run per test, printed at the end of each (pytest -s shows them; the report quotes them).
RUN: Counter[str] = Counter()


# --- strategies -----------------------------------------------------------------------------

ODD_STRINGS = [
    "",
    " ",
    "\t\n\r",
    "\x00",
    "a\x00b",
    "\u200b",  # zero-width space
    "\u200d\u200c\ufeff",  # zero-width joiner, non-joiner, BOM
    "\u202egnp.exe",  # right-to-left override
    "\u2066x\u2069",
    "مرحبا بالعالم",  # Arabic (RTL)
    "שלום",  # Hebrew (RTL)
    "Здравей, свят",
    "e\u0301\u0301\u0301",  # stacked combining marks
    "Z̴̡̪̫͖̥̔͊̓ͫ",
    "𝕳𝖊𝖑𝖑𝖔 👩‍👩‍👧‍👦 🏳️‍🌈",
    "\U0010ffff",
    "\ufffd\ufffe",
    "\ud800",  # a lone surrogate: JSON can carry it as an escape ("\ud800")
    "x\udfffy",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%n{0}{{7*7}}",
    "NaN",
    "-1",
    "0",
    "1e400",
    "9" * 20,
    "1" * 4400,  # past Python's 4,300-digit int() limit
    "true",
    "null",
    "__proto__",
    "ǅǈǋ",
    "İ",
    "x" * 5000,
    "x" * 5001,
    "x" * 40_000,
]

odd_text = st.sampled_from(ODD_STRINGS)
any_text = st.one_of(
    odd_text,
    st.text(max_size=40),  # hypothesis' text: every category except surrogates
    st.text(st.characters(codec="utf-8"), min_size=60, max_size=300),
    st.text("0123456789", min_size=1, max_size=30),
    st.builds(
        lambda c, n: c * n, st.sampled_from(["a", "é", "ب", "\u200b", " "]), st.integers(1, 6000)
    ),
)
numbers = st.one_of(
    st.integers(),
    st.sampled_from([0, -1, 1, MAX_ID, MAX_ID + 1, -MAX_ID - 2, 2**63, -(2**63), 2**64, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1.0, 0.5, -0.0, 1e308, float("nan"), float("inf"), float("-inf")]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, any_text)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.one_of(st.sampled_from(["session_id", "post_id", "body"]), any_text),
            children,
            max_size=5,
        ),
    ),
    max_leaves=25,
)


def nested(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"session_id": value}
    return value


# --- checks ---------------------------------------------------------------------------------


def check_ack(ack: Any, context: Any) -> None:
    """The contract's ack: {"ok": true, ...} or {"ok": false, "error": {code, message}}."""
    assert isinstance(ack, dict), (ack, context)
    if ack.get("ok") is True:
        return
    assert ack.get("ok") is False, (ack, context)
    error = ack.get("error")
    assert isinstance(error, dict), (ack, context)
    assert error.get("code") in CODES, (ack, context)
    message = error.get("message")
    assert isinstance(message, str) and message.strip(), (ack, context)


def sendable(value: Any) -> bool:
    """Whether python-socketio's JSON encoder can carry the value at all (keys are strings)."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


# --- the world the fuzzing acts in ----------------------------------------------------------


@pytest.fixture
def world(app, sio, guest, staff, live_session) -> dict[str, Any]:
    """A live session with posts, a rejected post of the fuzzing guest (for appeals), a victim
    with a ban in force (for lift_ban), and one connection per identity."""
    sid = live_session["id"]
    fuzzer, victim = guest("Fuzzer"), guest("Victim")
    conns = {
        "anonymous": sio(),
        "guest": sio(fuzzer["token"]),
        "moderator": sio(staff("moderator", debates=("test-debate",))),
        "organiser": sio(staff("organiser")),
    }
    victim_conn = sio(victim["token"])
    for conn in conns.values():
        assert conn.is_connected()
    post = victim_conn.emit("post", {"session_id": sid, "body": "a target"}, callback=True)
    assert post["ok"], post
    own = conns["guest"].emit("post", {"session_id": sid, "body": "mine"}, callback=True)
    assert own["ok"], own
    rejected = conns["guest"].emit("post", {"session_id": sid, "body": "to reject"}, callback=True)
    decided = conns["organiser"].emit(
        "moderate",
        {"post_id": rejected["post"]["id"], "action": "hide", "reason": "spam"},
        callback=True,
    )
    assert decided["ok"], decided
    ban = conns["organiser"].emit(
        "ban",
        {
            "participant_id": victim["participant"]["id"],
            "session_id": sid,
            "kind": "mute",
            "scope": "session",
            "minutes": 5,
            "reason": "spam",
        },
        callback=True,
    )
    assert ban["ok"], ban
    post_id = post["post"]["id"]
    templates = {
        "join": {"session_id": sid, "after_seq": 0},
        "leave": {"session_id": sid},
        "post": {
            "session_id": sid,
            "body": "hello **world**",
            "parent_id": post_id,
            "language": "bg",
            "client_id": "fuzz-1",
        },
        "react": {"post_id": post_id, "kind": "agree"},
        "flag": {"post_id": post_id, "reason": "other", "text": "why"},
        "join_moderation": {"session_id": sid},
        "moderate": {
            "post_id": own["post"]["id"],
            "action": "approve",
            "reason": "spam",
            "note": "a note",
            "from_queue": True,
        },
        "claim": {"post_id": post_id},
        "queue_counts": {},
        "ban": {
            "participant_id": victim["participant"]["id"],
            "session_id": sid,
            "kind": "mute",
            "scope": "session",
            "minutes": 1,
            "reason": "spam",
            "note": "n",
        },
        "lift_ban": {"ban_id": ban["ban"]["id"]},
        "appeal": {"post_id": rejected["post"]["id"], "text": "please look again"},
        "translate": {"post_id": post_id, "language": "de"},
    }
    return {"sid": sid, "conns": conns, "templates": templates, "app": app}


def still_usable(world: dict[str, Any]) -> None:
    """After the fuzzing, each very same connection joins, and each participant posts."""
    app, sid = world["app"], world["sid"]
    with app.app_context():  # the fuzzing moderators may have banned or hidden anything
        from sqlalchemy import update

        from app.core.time import utcnow
        from app.moderation.models import Ban

        db.session.execute(update(Ban).values(lifted_at=utcnow()))
        db.session.commit()
    for who, conn in world["conns"].items():
        assert conn.is_connected(), who
        joined = conn.emit("join", {"session_id": sid}, callback=True)
        assert joined["ok"] and joined["session"]["id"] == sid, (who, joined)
        body = f"still here: {who}"
        posted = conn.emit("post", {"session_id": sid, "body": body}, callback=True)
        if who == "anonymous":
            assert posted["error"]["code"] == "unauthorized", posted
            continue
        assert posted["ok"], (who, posted)
        assert posted["post"]["body_text"] == body
    with app.app_context():
        assert db.session.query(Post).filter(Post.body_raw.like("still here:%")).count() == 3


def report(name: str) -> None:
    print(f"\n[fuzz] {name}: {RUN.pop(name, 0)} cases")


# --- Socket.IO: entirely random payloads ----------------------------------------------------


def test_every_event_answers_random_payloads_with_a_contract_ack(world):
    name = "socket random payloads"
    conns = world["conns"]

    @fuzz(600)
    @given(
        who=st.sampled_from(IDENTITIES),
        event=st.sampled_from(EVENTS),
        args=st.lists(json_values, max_size=3).filter(sendable),
    )
    @example(who="guest", event="post", args=[nested(8)])
    @example(who="organiser", event="moderate", args=[])
    @example(who="guest", event="post", args=[None, {"session_id": 1}])
    def run(who: str, event: str, args: list[Any]) -> None:
        RUN[name] += 1
        ack = conns[who].emit(event, *args, callback=True)
        check_ack(ack, (who, event, args))

    run()
    still_usable(world)
    report(name)


def test_unknown_event_names_are_answered_too(world):
    """Names no handler knows (or reserved by the protocol's wire format) get an ack as well."""
    name = "socket unknown events"
    conns = world["conns"]
    known = set(EVENTS)

    @fuzz(100)
    @given(
        who=st.sampled_from(IDENTITIES),
        event=st.one_of(
            any_text, st.sampled_from(["connect", "disconnect", "message", "json", "JOIN", "post "])
        ).filter(lambda e: e not in known),
        payload=json_values.filter(sendable),
    )
    def run(who: str, event: str, payload: Any) -> None:
        RUN[name] += 1
        ack = conns[who].emit(event, payload, callback=True)
        check_ack(ack, (who, event, payload))
        assert ack["ok"] is False
        assert ack["error"]["code"] == ("unauthorized" if who == "anonymous" else "invalid")

    run()
    still_usable(world)
    report(name)


def test_a_client_cannot_replay_connect_or_disconnect_as_an_event(world, guest):
    """Events named like the protocol's own are answered like any unknown event: they neither
    switch the connection to another identity (they did: `connect` with another token, or
    none) nor wipe its state (`disconnect` dropped its identity, presence and limits)."""
    other = guest("Someone Else")["token"]
    conn = world["conns"]["guest"]
    for event in ("connect", "disconnect"):
        for args in ([], [{"token": other}], [None, {"token": other}], ["client disconnect"]):
            ack = conn.emit(event, *args, callback=True)
            check_ack(ack, (event, args))
            assert ack["error"]["code"] == "invalid", ack
        assert conn.is_connected()
        posted = conn.emit("post", {"session_id": world["sid"], "body": "who am I"}, callback=True)
        assert posted["ok"] and posted["post"]["author"]["display_name"] == "Fuzzer", posted
        watcher = world["conns"]["anonymous"]
        assert watcher.emit(event, callback=True)["error"]["code"] == "unauthorized"


# --- Socket.IO: almost valid payloads -------------------------------------------------------


@st.composite
def mutated(draw, templates: dict[str, dict[str, Any]]) -> tuple[str, Any]:
    """A valid payload of an event with one thing changed: a field's value (random, odd, or
    another type), a field dropped, a field added, or the whole object wrapped or flattened."""
    event = draw(st.sampled_from(EVENTS))
    payload = dict(templates[event])
    how = draw(st.sampled_from(["replace", "replace", "replace", "drop", "add", "wrap"]))
    if how == "replace" and payload:
        key = draw(st.sampled_from(sorted(payload)))
        payload[key] = draw(
            st.one_of(
                json_values,
                odd_text,
                numbers,
                st.just(str(payload[key])),  # a digit string where an int is expected, etc.
                st.just([payload[key]]),
                st.just({key: payload[key]}),
            )
        )
    elif how == "drop" and payload:
        del payload[draw(st.sampled_from(sorted(payload)))]
    elif how == "wrap":
        return event, draw(st.sampled_from([[payload], json.dumps(payload), {"data": payload}]))
    else:
        payload[draw(any_text)] = draw(json_values)
    return event, payload


def test_every_event_answers_almost_valid_payloads_with_a_contract_ack(world):
    name = "socket almost-valid payloads"
    conns = world["conns"]
    outcomes: Counter[str] = Counter()

    @fuzz(600)
    @given(who=st.sampled_from(IDENTITIES), case=mutated(world["templates"]))
    def run(who: str, case: tuple[str, Any]) -> None:
        event, payload = case
        if not sendable(payload):
            return
        RUN[name] += 1
        ack = conns[who].emit(event, payload, callback=True)
        check_ack(ack, (who, event, payload))
        outcomes["ok" if ack["ok"] else ack["error"]["code"]] += 1

    run()
    # The templates are valid: some mutations (an extra field, a harmless value) are accepted,
    # so the fuzzing reached past validation into the services.
    assert outcomes["ok"] > 0, outcomes
    still_usable(world)
    report(name)
    print(f"[fuzz] outcomes: {dict(outcomes)}")


SURROGATE_FIELDS = [
    ("guest", "post", "body"),
    ("guest", "post", "client_id"),
    ("guest", "flag", "text"),
    ("guest", "appeal", "text"),
    ("organiser", "moderate", "note"),
    ("organiser", "ban", "note"),
]


def test_lone_surrogates_are_refused_as_invalid_not_stored(world, sio):
    """A JSON string may carry an unpaired surrogate ("\\ud800"); no database can store it (it
    was an `internal` error). It is refused as `invalid` naming the field, and the connection
    carries on."""
    for who, event, field in SURROGATE_FIELDS:
        for text in ("fine \ud800 text", "\udfff", "\udc00\ud800"):
            payload = {**world["templates"][event], field: text}
            ack = world["conns"][who].emit(event, payload, callback=True)
            assert ack["ok"] is False, (event, field, ack)
            assert ack["error"]["code"] == "invalid", (event, field, ack)
            assert ack["error"]["field"] == field, (event, field, ack)
    # A token is hashed to be looked up: one with a surrogate is simply no valid token.
    assert not sio("\ud800" * 30).is_connected()
    still_usable(world)


def test_ids_past_the_digit_limit_are_invalid(world):
    """Digit strings are accepted as ids (forms send strings); 5,000 digits are refused, not
    converted (Python refuses int() past 4,300 digits: it was an `internal` error)."""
    for field in ("session_id", "parent_id"):
        for digits in ("1" * 5000, "9" * 4301, "9" * 11, "4294967297"):
            payload = {**world["templates"]["post"], field: digits}
            ack = world["conns"]["guest"].emit("post", payload, callback=True)
            assert ack["error"]["code"] == "invalid", (field, ack)
            assert ack["error"]["field"] == field, (field, ack)
    padded = {**world["templates"]["join"], "session_id": "0" * 4400 + str(world["sid"])}
    assert world["conns"]["guest"].emit("join", padded, callback=True)["ok"]


# --- HTTP: the JSON endpoints ---------------------------------------------------------------


def api_rules(app) -> list[tuple[str, str]]:
    """(method, path template) of every JSON endpoint, from the app's own url_map."""
    found = []
    for rule in app.url_map.iter_rules():
        if not (rule.rule.startswith("/api/v1") or rule.rule == "/healthz"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, rule.rule))
    return sorted(found)


def fill(rule: str, value: str) -> str:
    for name in ("session_id", "debate_id"):
        rule = rule.replace(f"<int:{name}>", value)
    assert "<" not in rule, rule
    return rule


def check_response(response, context: Any) -> None:
    assert response.status_code < 500, (response.status_code, response.get_data()[:300], context)
    if response.status_code >= 400:
        assert response.mimetype == "application/json", context
        error = response.get_json()["error"]
        assert error["code"] in CODES, (error, context)
        assert isinstance(error["message"], str) and error["message"].strip(), context


JUNK_BODIES = [
    b"",
    b"{",
    b"[1,2",
    b"{'single': 'quotes'}",
    b'{"a": 1,}',
    b"\xff\xfe\x00\x00",
    b"\xc3\x28",
    b'"\\ud800"',
    b'{"display_name": "\\udfff\\ud800", "consent": true}',
    b"NaN",
    b"-Infinity",
    b"1" * 5000,
    b"[" * 100_000,
    b'{"a":' * 40_000 + b"1" + b"}" * 40_000,
    b"null",
    b"true",
    b"\x00" * 64,
]
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=latin-1",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    None,
]


def test_json_endpoints_never_fail_on_random_bodies(app, client, guest, staff, live_session):
    name = "http random bodies"
    rules = api_rules(app)
    assert len(rules) >= 14, rules
    guest_token = guest("Http Fuzzer")["token"]
    organiser = staff("organiser")
    ids = [
        str(live_session["id"]),
        str(live_session["debate_id"]),
        "0",
        "2147483648",
        "9" * 30,
        "1" * 5000,
    ]

    limit = app.config["MAX_CONTENT_LENGTH"]
    bodies = st.one_of(
        json_values.filter(sendable).map(lambda v: json.dumps(v).encode()),
        st.sampled_from(JUNK_BODIES),
        st.sampled_from([limit - 64, limit, limit + 1, 2 * limit]).map(
            lambda n: b'{"display_name": "' + b"x" * n + b'", "consent": true}'
        ),
        st.binary(max_size=200),
    )

    @fuzz(400)
    @given(
        rule=st.sampled_from(rules),
        target=st.sampled_from(ids),
        body=bodies,
        content_type=st.sampled_from(CONTENT_TYPES),
        auth=st.sampled_from(["none", "guest", "organiser", "garbage"]),
        query=st.dictionaries(
            st.sampled_from(["after_seq", "format", "lang", "translate_to", "download"]),
            st.one_of(odd_text, st.text(max_size=12)).filter(is_text),
            max_size=3,
        ),
    )
    @example(
        ("GET", "/api/v1/sessions/<int:session_id>/posts"),
        "1",
        b"",
        None,
        "none",
        {"after_seq": "0" * 12 + "9" * 20},
    )
    @example(
        ("GET", "/api/v1/sessions/<int:session_id>/posts"),
        "1",
        b"",
        None,
        "none",
        {"after_seq": "1" * 5000},
    )
    @example(("POST", "/api/v1/auth/guest"), "1", b"[" * 100_000, "application/json", "none", {})
    @example(
        ("POST", "/api/v1/debates/<int:debate_id>/sessions"),
        "1",
        b'{"title": {"en": "t"}, "starts_at": "0001-01-01T00:00:00+05:00"}',
        "application/json",
        "organiser",
        {},
    )
    @example(
        ("POST", "/api/v1/debates/<int:debate_id>/sessions"),
        "1",
        b'{"title": {"en": "t"}, "ends_at": "9999-12-31T23:59:59-05:00"}',
        "application/json",
        "organiser",
        {},
    )
    @example(
        ("POST", "/api/v1/auth/token"),
        "1",
        b'{"email": "\\ud800@x", "password": "p"}',
        "application/json",
        "none",
        {},
    )
    def run(rule, target, body, content_type, auth, query) -> None:
        method, template = rule
        if method == "DELETE" and auth in ("guest", "organiser"):
            auth = "garbage"  # the fuzzing must not sign its own tokens out
        RUN[name] += 1
        headers = {}
        if auth != "none":
            token = {"guest": guest_token, "organiser": organiser, "garbage": "x" * 43}[auth]
            headers["Authorization"] = f"Bearer {token}"
        if content_type:
            headers["Content-Type"] = content_type
        response = client.open(
            fill(template, target),
            method=method,
            data=body,
            headers=headers,
            query_string=query,
        )
        check_response(response, (method, template, target, body[:200], content_type, auth))

    run()
    report(name)


def test_json_errors_keep_their_shape_around_the_size_limit(app, client):
    """A body just over MAX_CONTENT_LENGTH is refused 413 `too_long` (JSON), one just under is
    read and validated (here: a name too long, 400)."""
    limit = app.config["MAX_CONTENT_LENGTH"]
    for size, status in ((limit - 100, 400), (limit + 1, 413)):
        body = b'{"consent": true, "display_name": "' + b"n" * size + b'"}'
        response = client.post(
            "/api/v1/auth/guest", data=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == status, response.status_code
        assert response.get_json()["error"]["code"] == "too_long"
    ok = client.post("/api/v1/auth/guest", json={"display_name": "Fine", "consent": True})
    assert ok.status_code == 201


def test_nan_and_infinity_are_refused_where_numbers_are_expected(client, staff, live_session):
    token = staff("organiser")
    for raw in (
        b'{"slow_mode_seconds": NaN}',
        b'{"slow_mode_seconds": Infinity}',
        b'{"slow_mode_seconds": 1e400}',
        b'{"slow_mode_seconds": 10.0}',
    ):
        response = client.patch(
            f"/api/v1/sessions/{live_session['id']}",
            data=raw,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 400, (raw, response.get_json())
        assert response.get_json()["error"]["field"] == "slow_mode_seconds"


def test_what_the_fuzzing_found_over_http_is_refused_cleanly(client, staff, live_session):
    """Each of these answered 500 before: a seq past SQLite's integers, JSON nested past
    Python's recursion limit, a time that falls off the calendar in UTC, unpaired surrogates in
    names, titles and credentials. Now each is a 4xx naming what is wrong."""
    organiser = {"Authorization": f"Bearer {staff('organiser')}"}
    sid, debate_id = live_session["id"], live_session["debate_id"]

    def refused(response, status: int, code: str, field: str | None = None) -> None:
        assert response.status_code == status, response.get_data()[:300]
        error = response.get_json()["error"]
        assert error["code"] == code, error
        if field:
            assert error["field"] == field, error

    for after_seq in ("0" * 12 + "9" * 20, "1" * 5000, "2147483648", "-1", "1.0", "１"):
        got = client.get(f"/api/v1/sessions/{sid}/posts", query_string={"after_seq": after_seq})
        refused(got, 400, "invalid", "after_seq")
    assert client.get(f"/api/v1/sessions/{sid}/posts?after_seq=" + "0" * 30).status_code == 200

    for deep in (b"[" * 100_000, b'{"a":' * 40_000 + b"1" + b"}" * 40_000):
        got = client.post("/api/v1/auth/guest", data=deep, content_type="application/json")
        refused(got, 400, "invalid")

    for name, moment in (
        ("starts_at", "0001-01-01T00:00:00+05:00"),
        ("ends_at", "9999-12-31T23:59:59-05:00"),
    ):
        got = client.post(
            f"/api/v1/debates/{debate_id}/sessions",
            json={"title": {"en": "Odd times"}, name: moment},
            headers=organiser,
        )
        refused(got, 400, "invalid", name)

    guest = b'{"display_name": "Ma\\ud800ria", "consent": true}'
    got = client.post("/api/v1/auth/guest", data=guest, content_type="application/json")
    refused(got, 400, "invalid", "display_name")
    debate = b'{"slug": "odd", "default_language": "en", "title": {"en": "\\udfff"}}'
    got = client.post(
        "/api/v1/debates", data=debate, content_type="application/json", headers=organiser
    )
    refused(got, 400, "invalid", "title.en")
    token = b'{"email": "\\ud800@example.org", "password": "a long password"}'
    got = client.post("/api/v1/auth/token", data=token, content_type="application/json")
    refused(got, 401, "unauthorized")
