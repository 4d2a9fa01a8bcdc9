"""Redis stops and starts again under two server processes sharing it (and one PostgreSQL
database): during the outage `/healthz` says so and posts are still taken; afterwards the
processes hear each other again by themselves, and a reader that missed changes catches up."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from tests.faults.conftest import (
    Agora,
    Reader,
    agora_env,
    assert_state_matches,
    guest,
    http,
    last_seq,
    live_session,
    prepare_database,
    published_after,
)
from tests.test_scale_out import run_in_own_loop, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.timeout(240)]

# Seconds after Redis is back within which the processes must recover: app/core/messagequeue.py
# retries at least every 2 s (python-socketio alone backs off to 60 s).
RECOVERY_LIMIT = 10.0
OUTAGE_POSTS = 3

HEALTHY = {"status": "ok", "database": "ok", "message_queue": "ok"}
DEGRADED = {"status": "degraded", "database": "ok", "message_queue": "error"}


def test_two_processes_ride_out_a_redis_restart(private_postgres, private_redis, tmp_path: Path):
    env = agora_env(private_postgres.create_database(), private_redis.url)
    prepare_database(env)
    a, b = Agora("agora-a", tmp_path, env), Agora("agora-b", tmp_path, env)
    a.start()
    b.start()
    figures: dict[str, Any] = {}
    try:
        run_in_own_loop(scenario(a, b, private_redis, figures))
    except BaseException:
        print(a.log(), b.log(), private_redis.log(), sep="\n")
        raise
    finally:
        a.stop()
        b.stop()
    print(f"\nRedis restart figures: {figures}")


def health(base: str) -> tuple[int, Any]:
    return http(base + "/healthz")


async def post(reader: Reader, body: str, client_id: str) -> dict[str, Any]:
    started = time.monotonic()
    ack = await reader.client.emit(
        "post", {"session_id": reader.session_id, "body": body, "client_id": client_id}, 20
    )
    assert ack["ok"], ack
    return {**ack["post"], "ack_seconds": time.monotonic() - started}


async def scenario(a: Agora, b: Agora, redis: Any, figures: dict[str, Any]) -> None:
    for server in (a, b):
        assert health(server.url) == (200, HEALTHY)
    sid = live_session(a.url)
    baseline = last_seq(a.url, sid)
    on_a = Reader(sid, baseline, guest(a.url, "Ana on A"))
    on_b = Reader(sid, baseline, guest(b.url, "Ivo on B"))
    await on_a.join(a.url)
    await on_b.join(b.url)

    # Both ways across the processes, through Redis.
    first = await post(on_a, "Before the outage, from A", "redis-before-a")
    await wait_for(on_b.client, "post_published", lambda p: p["id"] == first["id"])
    second = await post(on_b, "Before the outage, from B", "redis-before-b")
    await wait_for(on_a.client, "post_published", lambda p: p["id"] == second["id"])

    # Redis goes away.
    redis.stop()
    down_at = time.monotonic()
    for server in (a, b):
        started = time.monotonic()
        assert await asyncio.to_thread(health, server.url) == (503, DEGRADED)
        figures.setdefault("healthz_seconds_during_outage", []).append(
            round(time.monotonic() - started, 2)
        )
    during = []
    for k in range(OUTAGE_POSTS):
        made = await post(on_a, f"During the outage {k}", f"redis-during-{k}")
        during.append(made["id"])
        figures.setdefault("ack_seconds_during_outage", []).append(round(made["ack_seconds"], 2))
        await asyncio.sleep(1.0)
    # They are committed, and the writer's own process still delivers them to its readers.
    for post_id in during:
        await wait_for(on_a.client, "post_published", lambda p, i=post_id: p["id"] == i)
    assert set(during) <= set(published_after(a.url, sid, baseline))

    # Redis comes back (empty: it keeps nothing on disk). A post on A reaches B again.
    redis.start()
    up_at = time.monotonic()
    figures["outage_seconds"] = round(up_at - down_at, 1)
    recovered_in = None
    probe = 0
    while recovered_in is None and time.monotonic() - up_at < RECOVERY_LIMIT:
        probe += 1
        made = await post(on_a, f"Probe {probe} from A", f"redis-probe-a-{probe}")
        try:
            await wait_for(on_b.client, "post_published", lambda p, i=made["id"]: p["id"] == i, 1)
            recovered_in = time.monotonic() - up_at
        except AssertionError:
            continue
    assert recovered_in is not None, f"B heard nothing from A {RECOVERY_LIMIT} s after Redis"
    figures.update(a_to_b_recovered_seconds=round(recovered_in, 1), probes=probe)
    back = await post(on_b, "After the outage, from B", "redis-after-b")
    await wait_for(on_a.client, "post_published", lambda p: p["id"] == back["id"], 10)
    while True:
        answers = [await asyncio.to_thread(health, s.url) for s in (a, b)]
        if answers == [(200, HEALTHY)] * 2:
            break
        assert time.monotonic() - up_at < RECOVERY_LIMIT, answers
        await asyncio.sleep(0.5)
    figures["healthz_ok_seconds"] = round(time.monotonic() - up_at, 1)

    # B's reader missed what A published while the processes could not talk; the next
    # post it saw showed a gap in the seqs, and re-joining with its last seq fills it.
    on_b.absorb()
    missed = set(during) - set(on_b.posts)
    figures["missed_on_b_before_rejoin"] = len(missed)
    assert on_b.has_gap == bool(missed)
    ack = await on_b.join(b.url)
    assert missed <= {p["id"] for p in ack["posts"]}
    server_posts = published_after(a.url, sid, baseline)
    for reader in (on_a, on_b):
        assert_state_matches(reader, server_posts)
        assert not reader.has_gap
    figures["posts"] = len(server_posts)
    await on_a.close()
    await on_b.close()


def test_rate_limits_count_in_the_process_while_redis_is_down(private_redis):
    """Without Redis a post's rate check neither fails nor waits: the process counts alone
    until Redis is back (then Redis counts again, from what it holds)."""
    from flask import Flask

    from app.core.ratelimit import RateLimits

    app = Flask(__name__)
    app.config["REDIS_URL"] = private_redis.url
    limits = RateLimits()
    limits.init_app(app)
    limits.hit("2/minute", "post", "ana")
    private_redis.stop()
    started = time.monotonic()
    assert limits.retry_after("2/minute", "post", "ana") == 0
    limits.hit("2/minute", "post", "ana")
    limits.hit("2/minute", "post", "ana")
    assert limits.retry_after("2/minute", "post", "ana") > 0  # counted in memory meanwhile
    assert time.monotonic() - started < 2
    private_redis.start()
    assert limits.retry_after("2/minute", "post", "ana") == 0  # Redis restarted empty
    limits.hit("2/minute", "post", "ana")
    limits.hit("2/minute", "post", "ana")
    assert limits.retry_after("2/minute", "post", "ana") > 0
