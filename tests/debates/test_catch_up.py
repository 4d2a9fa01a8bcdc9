"""The promise behind reconnection: applying a catch-up (`join` with `after_seq`) to what a
client had gives exactly what a fresh `join` gives — nothing lost, nothing doubled — whatever
happened meanwhile (Zulip's `verify_action` idea, over random histories)."""

from __future__ import annotations

import random

import pytest

from tests.debates.test_events import join


def apply(state: dict[int, dict], ack: dict) -> None:
    """What a client does with a join ack: upsert posts by id, drop hidden ones."""
    if ack["reset"]:
        state.clear()
    for post in ack["posts"]:
        state[post["id"]] = post
    for post_id in ack["hidden"]:
        state.pop(post_id, None)


def visible(state: dict[int, dict]) -> dict[int, tuple]:
    return {
        i: (p["body_text"], p["parent_id"], tuple(sorted(p["reactions"].items())))
        for i, p in state.items()
    }


def hide(app, post_id: int) -> None:
    """Take a post out of public view as moderation will (a public change with a seq)."""
    from app.debates.models import Post
    from app.debates.services import next_seq
    from app.extensions import db

    with app.app_context():
        post = db.session.get(Post, post_id)
        post.status = "hidden"
        post.changed_seq = next_seq(post.session_id)
        db.session.commit()


@pytest.mark.parametrize("seed", range(5))
def test_catch_up_equals_a_fresh_join(app, sio, guest, live_session, seed):
    rng = random.Random(seed)
    sid = live_session["id"]
    actors = [sio(guest(f"Person {i}")["token"]) for i in range(3)]
    reader_token = guest("Reader")["token"]
    posts: list[int] = []

    reader = sio(reader_token)
    state: dict[int, dict] = {}
    apply(state, join(reader, sid))
    last_seq = join(reader, sid)["last_seq"]
    reader.disconnect()

    for _round in range(4):
        for _ in range(rng.randint(1, 8)):
            actor = rng.choice(actors)
            roll = rng.random()
            if roll < 0.5 or not posts:
                parent = rng.choice(posts) if posts and rng.random() < 0.5 else None
                ack = actor.emit(
                    "post",
                    {"session_id": sid, "body": f"post {len(posts)}", "parent_id": parent},
                    callback=True,
                )
                if ack["ok"]:
                    posts.append(ack["post"]["id"])
            elif roll < 0.9:
                kind = rng.choice(["agree", "disagree", "insightful"])
                actor.emit("react", {"post_id": rng.choice(posts), "kind": kind}, callback=True)
            else:
                hide(app, rng.choice(posts))
        reader = sio(reader_token)
        ack = join(reader, sid, after_seq=last_seq)
        apply(state, ack)
        last_seq = ack["last_seq"]
        fresh: dict[int, dict] = {}
        apply(fresh, join(sio(), sid))
        assert visible(state) == visible(fresh)
        reader.disconnect()
