"""Start a benchmark server: `python -m bench.serve agora|bare MODE PORT`.

MODE is eventlet, gevent or threading; the matching monkey-patching happens here, first, as
wsgi.py does for production. The bare server is the baseline: Flask-SocketIO with the same
event names and payload sizes as Agora, and none of Agora's work (no auth, validation,
sanitising, database or moderation)."""

from __future__ import annotations

import sys
import warnings

kind, mode, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
warnings.filterwarnings("ignore")
if mode == "eventlet":
    import eventlet

    eventlet.monkey_patch()
elif mode == "gevent":
    from gevent import monkey

    monkey.patch_all()
    try:  # psycopg2 waits cooperatively under gevent only with this
        from psycogreen.gevent import patch_psycopg

        patch_psycopg()
    except ImportError:
        pass

import gc  # noqa: E402
import itertools  # noqa: E402
import os  # noqa: E402

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402


def bare_app() -> tuple[Flask, SocketIO]:
    app = Flask("bare")
    socketio = SocketIO(
        app,
        async_mode=mode,
        cors_allowed_origins="*",
        message_queue=os.environ.get("BENCH_REDIS") or None,
    )
    ids = itertools.count(1)
    filler = "x" * 120

    def post_dict(n: int, body: str, session_id: int) -> dict:
        return {
            "id": n,
            "seq": n,
            "changed_seq": n,
            "session_id": session_id,
            "parent_id": None,
            "author": {"id": 1, "display_name": "Bench"},
            "body_html": f"<p>{body}</p>",
            "body_text": body,
            "language": "en",
            "created_at": "2026-11-25T12:00:00.000Z",
            "status": "published",
            "reactions": {"agree": 0, "disagree": 0, "insightful": 0},
        }

    history = [post_dict(n, f"history {n} {filler}", 1) for n in range(200)]

    @socketio.on("join")
    def on_join(data):
        join_room(f"session:{data['session_id']}")
        return {"ok": True, "posts": history, "last_seq": 200}

    @socketio.on("post")
    def on_post(data):
        post = post_dict(next(ids), data["body"], data["session_id"])
        socketio.emit("post_published", post, to=f"session:{data['session_id']}")
        return {"ok": True, "post": post}

    @socketio.on("react")
    def on_react(data):
        counts = {"agree": 1, "disagree": 0, "insightful": 0}
        payload = {"post_id": data["post_id"], "reactions": counts}
        socketio.emit("reactions", payload, to=f"session:{data.get('session_id', 1)}")
        return {"ok": True, "reactions": counts}

    return app, socketio


if kind == "bare":
    app, socketio = bare_app()
else:
    from app import create_app
    from app.core.runtime import tune_gc
    from app.extensions import socketio

    app = create_app({"SOCKETIO_ASYNC_MODE": mode})
    tune_gc()  # as wsgi.py does in production

if os.environ.get("BENCH_GC_LOG"):
    import time as _time

    _began = [0.0]

    def _gc_log(phase: str, info: dict) -> None:
        if phase == "start":
            _began[0] = _time.perf_counter()
        elif info["generation"] == 2:
            ms = (_time.perf_counter() - _began[0]) * 1000
            print(f"gc2 {ms:.1f} ms collected {info['collected']}", flush=True)

    gc.callbacks.append(_gc_log)
if os.environ.get("BENCH_LAG_LOG"):
    # Event-loop stalls: a task that sleeps 10 ms and reports when it wakes more than 30 ms late.
    import time as _time

    def _lag_watch() -> None:
        while True:
            began = _time.perf_counter()
            socketio.sleep(0.01)
            late = (_time.perf_counter() - began - 0.01) * 1000
            if late > 30:
                print(f"lag {late:.0f} ms at {_time.time():.3f}", flush=True)

    socketio.start_background_task(_lag_watch)
print(f"ready {kind} {mode} {port} pid {os.getpid()}", flush=True)
# eventlet's server accepts 1,024 connections unless told otherwise (both servers get the
# same limit: it is a setting, not an optimisation).
options = {"max_size": 20_000} if mode == "eventlet" else {"allow_unsafe_werkzeug": True}
socketio.run(app, host="127.0.0.1", port=port, log_output=False, **options)
