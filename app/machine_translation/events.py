"""The `translate` Socket.IO event: thin; the service checks who may read the post."""

from __future__ import annotations

from typing import Any

from flask import Flask

from app.accounts.services import connected_participant
from app.core.sockets import acked
from app.extensions import socketio
from app.machine_translation import providers, services


@acked
def on_translate(data: Any) -> dict[str, Any]:
    return {"translation": services.do_translate(connected_participant(), data)}


def init_app(app: Flask) -> None:
    engine = providers.configure(app)
    if engine is not None:
        app.extensions["agora_mt"] = engine
    socketio.on_event("translate", on_translate)
