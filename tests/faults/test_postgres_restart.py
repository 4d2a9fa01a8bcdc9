"""PostgreSQL stops and starts again under a running server: meanwhile every request gets a
clear, prompt `unavailable` answer (a Socket.IO ack, a 503 JSON error, a 503 page) and
`/healthz` says the database is down; afterwards the service resumes by itself and a post
retried with the same client_id is taken exactly once — from a script and from Chromium."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import join_as
from tests.faults.conftest import (
    DEBATE_SLUG,
    Agora,
    PrivatePostgres,
    Reader,
    agora_env,
    connect_retry,
    count_posts,
    guest,
    http,
    last_seq,
    live_session,
    prepare_database,
    published_after,
)
from tests.test_scale_out import run_in_own_loop, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.timeout(180)]

UNAVAILABLE = "The service is briefly unavailable. Please try again."
PROMPT = 10.0  # seconds: an answer during the outage comes at once, not after a hang


@pytest.fixture(scope="module")
def pg_server(private_postgres: PrivatePostgres, tmp_path_factory) -> Iterator[Agora]:
    env = agora_env(private_postgres.create_database())
    prepare_database(env)
    server = Agora("agora", tmp_path_factory.mktemp("pg-server"), env)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def database(private_postgres: PrivatePostgres, pg_server: Agora) -> Iterator[PrivatePostgres]:
    """The server's PostgreSQL, to stop during a test; running again after it, whatever
    happened."""
    yield private_postgres
    if not private_postgres.running():
        private_postgres.start()
    if pg_server.proc is not None and pg_server.proc.poll() is not None:
        pytest.fail(f"the server died during the outage:\n{pg_server.log()}")


def test_requests_during_a_postgres_outage_fail_clearly_and_service_resumes(
    pg_server: Agora, database: PrivatePostgres
):
    figures: dict[str, Any] = {}
    try:
        run_in_own_loop(scenario(pg_server, database, figures))
    except BaseException:
        print(pg_server.log(), database.log(), sep="\n")
        raise
    print(f"\nPostgreSQL restart figures: {figures}")


async def scenario(server: Agora, database: PrivatePostgres, figures: dict[str, Any]) -> None:
    base = server.url
    sid = live_session(base)
    token = guest(base, "Dana")
    reader = Reader(sid, last_seq(base, sid))
    await reader.join(base)
    writer = await connect_retry(base, token)
    before = await writer.emit(
        "post", {"session_id": sid, "body": "Before the outage", "client_id": "pg-before"}, 15
    )
    assert before["ok"], before

    await asyncio.to_thread(database.stop, "fast")
    body = "Sent while the database is down"
    payload = {"session_id": sid, "body": body, "client_id": "pg-outage-1"}
    for _attempt in range(2):  # the client tries again; the answer stays the same
        started = time.monotonic()
        ack = await writer.emit("post", payload, timeout=30)
        figures.setdefault("ack_seconds_during_outage", []).append(
            round(time.monotonic() - started, 2)
        )
        assert ack["ok"] is False, ack
        assert ack["error"]["code"] == "unavailable" and ack["error"]["message"] == UNAVAILABLE
        assert time.monotonic() - started < PROMPT
    # HTTP: a JSON API answers 503 `unavailable`, a page answers 503 with the same words.
    for path, data in ((f"/api/v1/sessions/{sid}/posts", None), ("/api/v1/debates", None)):
        status, answer = await asyncio.to_thread(http, base + path, data)
        assert status == 503, (path, answer)
        assert answer["error"] == {"code": "unavailable", "message": UNAVAILABLE}
    status, answer = await asyncio.to_thread(
        http,
        base + "/api/v1/auth/guest",
        {"display_name": "Eve", "language": "en", "consent": True},
    )
    assert status == 503 and answer["error"]["code"] == "unavailable", answer
    status, page = await asyncio.to_thread(http, base + f"/d/{DEBATE_SLUG}")
    assert status == 503 and UNAVAILABLE in page, page
    status, health = await asyncio.to_thread(http, base + "/healthz")
    assert (status, health) == (
        503,
        {"status": "degraded", "database": "error", "message_queue": "off"},
    )

    # PostgreSQL is back: the very next try of the same post is taken, once.
    figures["postgres_start_seconds"] = round(await asyncio.to_thread(database.start), 2)
    up_at = time.monotonic()
    ack = await writer.emit("post", payload, timeout=15)
    assert ack["ok"], ack
    figures["first_retry_after_restart_seconds"] = round(time.monotonic() - up_at, 2)
    post_id = ack["post"]["id"]
    again = await writer.emit("post", payload, timeout=15)
    assert again["ok"] and again["post"]["id"] == post_id, again
    await wait_for(reader.client, "post_published", lambda p: p["id"] == post_id)
    assert await asyncio.to_thread(http, base + "/healthz") == (
        200,
        {"status": "ok", "database": "ok", "message_queue": "off"},
    )
    assert guest(base, "Eve")  # new people can join again
    posts = published_after(base, sid, 0)
    assert [p["id"] for p in posts.values() if p["body_text"] == body] == [post_id]
    assert count_posts(server.env["DATABASE_URL"], ["pg-outage-1"]) == {"pg-outage-1": 1}
    reader.absorb()
    assert [i for i, (_seq, text) in reader.posts.items() if text == body] == [post_id]
    await reader.close()
    await writer.close()


@pytest.mark.browser
def test_the_page_keeps_a_post_through_a_postgres_outage_and_sends_it_once(
    browser,
    pg_server: Agora,
    database: PrivatePostgres,
):
    base = pg_server.url
    sid = live_session(base)
    page, errors = join_as(browser, base, "Draft Keeper")
    database.stop("fast")
    text = "Written while the database was down"
    page.fill("#composer-body", text)
    page.click("#composer-send")
    # The refusal is shown, and the words are kept (in the outbox and in localStorage,
    # with their client_id) rather than lost.
    expect(page.locator("#composer-status")).to_have_text(UNAVAILABLE, timeout=15_000)
    expect(page.locator("#outbox li")).to_have_count(1)
    expect(page.locator("#outbox li")).to_contain_text(text)
    kept = page.evaluate(f"() => JSON.parse(localStorage.getItem('agora:outbox:{sid}'))")
    assert [item["body"] for item in kept] == [text] and kept[0]["client_id"]

    # The database comes back; the page tries again by itself and the post appears once.
    database.start()
    expect(page.locator("#thread li.post", has_text=text)).to_have_count(1, timeout=20_000)
    expect(page.locator("#outbox li")).to_have_count(0)
    posts = published_after(base, sid, 0)
    assert [p["body_text"] for p in posts.values()].count(text) == 1
    assert count_posts(pg_server.env["DATABASE_URL"], [kept[0]["client_id"]]) == {
        kept[0]["client_id"]: 1
    }
    assert errors == []
    page.context.close()
