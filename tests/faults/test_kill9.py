"""kill -9 the server in the middle of a live debate, start it again on the same port: every
post it acknowledged is there, readers catch up by seq with nothing lost or shown twice, and
writers' unanswered posts, re-sent with the same client_id, make one post each."""

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
    connect_retry,
    count_posts,
    guest,
    last_seq,
    live_session,
    prepare_database,
    published_after,
)
from tests.test_scale_out import run_in_own_loop, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.timeout(240)]

WRITERS = 8  # connections posting at once, each about once a second
READERS = 3  # one anonymous, two signed in as guests
RUN_BEFORE_KILL = 4.0  # seconds of debate before the kill
PACE = 1.0  # seconds between one writer's posts


class Writer:
    """A participant posting about once a second with a fresh client_id each time; a post is
    acknowledged once its ack says ok, and until then it is kept to be sent again."""

    def __init__(self, number: int, session_id: int, token: str) -> None:
        self.number = number
        self.session_id = session_id
        self.token = token
        self.client: Any = None
        self.sent = 0
        self.acked: dict[str, int] = {}  # client_id -> post id
        self.unacked: dict[str, str] = {}  # client_id -> body
        self.bodies: dict[str, str] = {}  # client_id -> body, of every post made
        self.refusals: list[Any] = []

    def payload(self, client_id: str, body: str) -> dict[str, Any]:
        return {"session_id": self.session_id, "body": body, "client_id": client_id}

    async def connect(self, base: str) -> None:
        self.client = await connect_retry(base, self.token)

    async def post_once(self) -> bool:
        """One post with a fresh client_id; False when the server is gone before its ack."""
        self.sent += 1
        client_id = f"kill9-w{self.number}-{self.sent}"
        body = f"Writer {self.number}, post {self.sent} ({client_id})"
        self.unacked[client_id] = self.bodies[client_id] = body
        try:
            ack = await self.client.emit("post", self.payload(client_id, body), timeout=10)
        except (TimeoutError, ConnectionError):
            return False  # the post stays unacknowledged, to be sent again
        if not ack["ok"]:
            self.refusals.append(ack)
            return False
        self.acked[client_id] = ack["post"]["id"]
        del self.unacked[client_id]
        return True

    async def post_until_cut_off(self, offset: float) -> None:
        await asyncio.sleep(offset)
        while True:
            started = time.monotonic()
            if not await self.post_once():
                return
            await asyncio.sleep(max(0.0, PACE - (time.monotonic() - started)))

    async def reconnect_and_resend(self, base: str) -> int:
        """After the restart: every post never acknowledged, with its own client_id."""
        await self.connect(base)
        resent = 0
        for client_id, body in list(self.unacked.items()):
            ack = await self.client.emit("post", self.payload(client_id, body), timeout=15)
            assert ack["ok"], ack
            self.acked[client_id] = ack["post"]["id"]
            del self.unacked[client_id]
            resent += 1
            await asyncio.sleep(PACE)
        return resent


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'agora.db'}"
    return request.getfixturevalue("private_postgres").create_database()


def test_kill9_mid_debate_loses_nothing_and_doubles_nothing(database_url: str, tmp_path: Path):
    env = agora_env(database_url)
    prepare_database(env)
    server = Agora("agora", tmp_path, env)
    server.start()
    figures: dict[str, Any] = {"database": database_url.split(":", 1)[0]}
    try:
        run_in_own_loop(scenario(server, database_url, figures))
    except BaseException:
        print(server.log())
        raise
    finally:
        server.stop()
    print(f"\nkill -9 figures: {figures}")


async def scenario(server: Agora, database_url: str, figures: dict[str, Any]) -> None:
    base = server.url
    sid = live_session(base)
    baseline = last_seq(base, sid)
    readers = [
        Reader(sid, baseline, None if n == 0 else guest(base, f"Reader {n}"))
        for n in range(READERS)
    ]
    for reader in readers:
        await reader.join(base)
    writers = [Writer(n, sid, guest(base, f"Writer {n}")) for n in range(WRITERS)]
    for writer in writers:
        await writer.connect(base)

    # The debate runs; the server is killed in the middle of it.
    tasks = [
        asyncio.create_task(w.post_until_cut_off(offset=n * PACE / WRITERS))
        for n, w in enumerate(writers)
    ]
    await asyncio.sleep(RUN_BEFORE_KILL)
    # Everyone posts at once, and the process dies the moment the first of these is
    # acknowledged: the others are in flight (some committed, some not), and the latest
    # committed posts are still waiting for their broadcast.
    burst = [asyncio.create_task(w.post_once()) for w in writers]
    await asyncio.wait(burst, return_when=asyncio.FIRST_COMPLETED)
    server.kill()
    killed_at = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*tasks, *burst), 15)
    assert all(not w.refusals for w in writers), [w.refusals for w in writers]
    acked_before = {cid: pid for w in writers for cid, pid in w.acked.items()}
    unacked = [cid for w in writers for cid in w.unacked]
    for reader in readers:
        reader.absorb()
    # Read straight from the database while the server is down: which unanswered posts were
    # committed anyway (their ack was lost with the process)?
    committed_unanswered = count_posts(database_url, unacked)
    figures.update(
        acked_before_kill=len(acked_before),
        unacked_at_kill=len(unacked),
        committed_but_unacked=sum(committed_unanswered.values()),
        readers_had_before_kill=[len(r.posts) for r in readers],
    )
    assert len(acked_before) >= WRITERS * 2, figures  # the debate was under way
    assert unacked, "posts were in flight when the process died"

    # Restart on the same port. Readers re-join with the last seq they saw, writers re-send
    # what was never acknowledged, with the same client_id.
    figures["restart_seconds"] = round(await asyncio.to_thread(server.start), 2)
    for reader in readers:
        caught_up = await reader.join(base)
        figures.setdefault("caught_up_by_rejoin", []).append(len(caught_up["posts"]))
    resent = sum(await asyncio.gather(*(w.reconnect_and_resend(base) for w in writers)))
    # A post acknowledged before the kill, sent again as if its ack had been lost: the same
    # post answers, nothing new is made.
    replayed = 0
    for writer in writers:
        client_id, post_id = next(iter(writer.acked.items()))
        ack = await writer.client.emit(
            "post", writer.payload(client_id, writer.bodies[client_id]), timeout=15
        )
        assert ack["ok"] and ack["post"]["id"] == post_id, ack
        replayed += 1
    figures.update(
        resent_after_restart=resent,
        replayed_acked=replayed,
        recovered_seconds=round(time.monotonic() - killed_at, 2),
    )

    # Live delivery works again: a new post reaches every reader as an event.
    after = await writers[0].client.emit(
        "post",
        writers[0].payload("kill9-after-restart", "After the restart (kill9-after-restart)"),
        timeout=15,
    )
    assert after["ok"], after
    for reader in readers:
        await wait_for(reader.client, "post_published", lambda p: p["id"] == after["post"]["id"])
        reader.absorb()

    # Every acknowledged post is there, once, with its words.
    server_posts = published_after(base, sid, baseline)
    missing = {cid: pid for cid, pid in acked_before.items() if pid not in server_posts}
    assert not missing, f"acknowledged before the kill, gone after it: {missing}"
    for cid, pid in acked_before.items():
        assert cid in server_posts[pid]["body_text"]
    all_ids = [cid for w in writers for cid in w.acked] + ["kill9-after-restart"]
    rows = count_posts(database_url, all_ids)
    doubled = {cid: n for cid, n in rows.items() if n != 1}
    assert not doubled, f"client_ids stored more than once: {doubled}"
    assert set(rows) == set(all_ids)
    assert len(server_posts) == len(all_ids), "posts that no writer made"
    assert len({p["seq"] for p in server_posts.values()}) == len(server_posts)

    # Every reader shows exactly the server's posts, each once.
    for reader in readers:
        assert_state_matches(reader, server_posts)
        assert not reader.has_gap and reader.last_seq == last_seq(base, sid)
    figures.update(
        posts_in_the_end=len(server_posts),
        reader_deliveries=[r.deliveries for r in readers],
    )
    for reader in readers:
        await reader.close()
    for writer in writers:
        await writer.client.close()
