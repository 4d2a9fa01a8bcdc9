"""Running CPU-heavy work (PDF layout) without stalling the event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from app.extensions import socketio

T = TypeVar("T")


def run_blocking(work: Callable[[], T]) -> T:
    """Under eventlet, in a real OS thread (eventlet.tpool), so other greenlets keep running;
    elsewhere (threading mode, the CLI) right here."""
    if getattr(socketio, "async_mode", None) == "eventlet":
        from eventlet import tpool

        return tpool.execute(work)
    return work()
