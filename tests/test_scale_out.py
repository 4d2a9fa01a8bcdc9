"""Two Agora processes on loopback ports sharing one PostgreSQL database and Redis, as in
production: what happens through one reaches the people on the other."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from bench.client import Client
from tests.conftest import (
    AGORA,
    ROOT,
    STAFF_PASSWORD,
    _free_port,
    _postgres_database,
    service_missing,
)

REDIS_URL = os.environ.get("AGORA_TEST_REDIS", "redis://127.0.0.1:6379/3")


def _redis_or_skip() -> None:
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
        client.flushdb()  # the tests' own database number: nothing else lives there
    except redis.RedisError as err:
        service_missing(f"Redis is not reachable at {REDIS_URL}: {err}")


def http(url: str, body: Any = None, token: str | None = None, method: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[list[str]]:
    _redis_or_skip()
    database = _postgres_database()
    url = next(database)
    if url is None:
        service_missing("PostgreSQL is not reachable on 127.0.0.1:5432")
    folder = tmp_path_factory.mktemp("cluster")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "cluster-test",
        "AGORA_POST_RATE": "100/minute",
        "PYTHONUNBUFFERED": "1",
    }

    def agora(*args: str) -> None:
        subprocess.run([*AGORA, *args], env=env, cwd=ROOT, check=True, capture_output=True)

    agora("db", "upgrade")
    agora("seed-demo")
    agora(
        "users",
        "create",
        "--email",
        "mod@example.org",
        "--password",
        STAFF_PASSWORD,
        "--role",
        "organiser",
        "--name",
        "Olga",
    )
    processes, urls = [], []
    for n in range(2):
        port = _free_port()
        log = (folder / f"agora-{n}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [*AGORA, "run", "--port", str(port)],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 30
    for base in urls:
        while True:
            try:
                http(base + "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("a server did not start: " + (folder / "agora-0.log").read_text())
                time.sleep(0.2)
    yield urls
    for proc in processes:
        proc.terminate()
    for proc in processes:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    next(database, None)


async def connect(base: str, token: str | None = None) -> Client:
    client = Client(base, token)
    client.events = []
    await client.connect()
    return client


async def wait_for(client: Client, name: str, test=lambda payload: True, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for event, payload in client.events or []:
            if event == name and test(payload):
                return payload
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {name} on {client.base}: {client.events}")


def test_two_processes_share_posts_queues_and_presence(cluster):
    a, b = cluster
    assert http(a + "/healthz")["message_queue"] == "ok"
    debates = http(a + "/api/v1/debates")
    session = next(d for d in debates if d["slug"] == "capitals-of-culture")["sessions"][0]
    sid = session["id"]
    writer = http(
        a + "/api/v1/auth/guest", {"display_name": "Ana", "language": "bg", "consent": True}
    )["token"]
    reader = http(
        b + "/api/v1/auth/guest", {"display_name": "Ivo", "language": "en", "consent": True}
    )["token"]
    staff = http(
        b + "/api/v1/auth/token", {"email": "mod@example.org", "password": STAFF_PASSWORD}
    )["token"]

    async def scenario() -> None:
        on_b = await connect(b, reader)
        on_a = await connect(a, writer)
        await on_b.emit("join", {"session_id": sid})
        await on_a.emit("join", {"session_id": sid})
        # Presence counts the connections of both processes.
        await wait_for(on_b, "presence", lambda p: p["online"] == 2)
        watcher = await connect(a)
        await watcher.emit("join", {"session_id": sid})
        await wait_for(on_b, "presence", lambda p: p["online"] == 3)

        # A post made through A reaches a reader on B.
        ack = await on_a.emit("post", {"session_id": sid, "body": "Greetings from process A"})
        assert ack["ok"], ack
        post = await wait_for(on_b, "post_published", lambda p: p["id"] == ack["post"]["id"])
        assert post["body_text"] == "Greetings from process A"

        # A moderator on B sees the queue of posts made on A.
        moderator = await connect(b, staff)
        joined = await moderator.emit("join_moderation", {"session_id": sid})
        assert joined["ok"], joined
        http(a + f"/api/v1/sessions/{sid}", {"moderation": "pre"}, staff, method="PATCH")
        held = await on_a.emit("post", {"session_id": sid, "body": "Please review me"})
        assert held["ok"] and held["post"]["status"] == "pending"
        item = await wait_for(
            moderator, "queue_item", lambda i: i["post"]["id"] == held["post"]["id"]
        )
        assert item["post"]["body_text"] == "Please review me"
        decided = await moderator.emit(
            "moderate", {"post_id": held["post"]["id"], "action": "approve"}
        )
        assert decided["ok"], decided
        await wait_for(on_a, "post_status", lambda s: s["post_id"] == held["post"]["id"])
        for client in (on_a, on_b, watcher, moderator):
            await client.close()

    run_in_own_loop(scenario())


def run_in_own_loop(coroutine) -> None:
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event loop
    running in the main thread."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as err:  # handed to the test below
            failure.append(err)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(120)
    if failure:
        raise failure[0]
