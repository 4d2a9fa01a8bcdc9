"""The server entry point, and the only place that monkey-patches: eventlet must patch the
standard library before Flask, SQLAlchemy or any driver is imported.

    gunicorn --worker-class eventlet -w 1 wsgi:app      # or: agora run
"""

import warnings

# Eventlet announces its maintenance mode on import; the stack is a deliberate choice.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

from app import create_app  # noqa: E402
from app.core.runtime import tune_gc  # noqa: E402
from app.extensions import socketio  # noqa: E402

app = create_app()
tune_gc()

__all__ = ["app", "socketio"]
