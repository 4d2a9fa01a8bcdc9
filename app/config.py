"""Configuration from the environment (and an optional `.env`/instance `config.py`)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from app.core.ratelimit import EVENT_LIMITS, FLOOD_LIMIT

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def _secret_key(instance_path: str) -> str:
    """Generate the secret key once into the instance folder so restarts keep sessions valid."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _origins(value: str | None) -> list[str] | None:
    """None means "the server's own origin" (python-engineio's same-origin check)."""
    if not value:
        return None
    origins = [o.strip().rstrip("/") for o in value.split(",") if o.strip()]
    if "*" in origins:
        raise ValueError("origin lists must name origins; '*' is not allowed")
    return origins


def _normalise_db_url(url: str) -> str:
    # Operators paste postgres:// URLs from their hosting. psycopg2 is the driver eventlet
    # makes cooperative, so it is the one named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix) :]
    return url


def from_environment(instance_path: str) -> dict[str, object]:
    env = os.environ
    db_url = env.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'agora.db'}"
    return {
        "SECRET_KEY": env.get("SECRET_KEY") or _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": _normalise_db_url(db_url),
        "REDIS_URL": env.get("REDIS_URL") or None,
        "AGORA_ALLOWED_ORIGINS": _origins(env.get("AGORA_ALLOWED_ORIGINS")),
        # Partner sites that may frame the /embed/<slug> widget (default: the allowed origins).
        "AGORA_EMBED_ORIGINS": _origins(
            env.get("AGORA_EMBED_ORIGINS") or env.get("AGORA_ALLOWED_ORIGINS")
        ),
        "AGORA_FLAG_THRESHOLD": int(env.get("AGORA_FLAG_THRESHOLD", "3")),
        # Machine translation of posts: a LibreTranslate server (none by default).
        "AGORA_MT_URL": env.get("AGORA_MT_URL") or None,
        "AGORA_MT_KEY": env.get("AGORA_MT_KEY") or None,
        "AGORA_MT_TIMEOUT": float(env.get("AGORA_MT_TIMEOUT", "10")),
        "AGORA_MT_RATE": env.get("AGORA_MT_RATE", "200/hour"),
        "AGORA_POST_RATE": env.get("AGORA_POST_RATE", "10/minute"),
        # New guests per address (a school or a town hall puts many people behind one).
        "AGORA_GUEST_RATE": env.get("AGORA_GUEST_RATE", "200/hour"),
        # Privacy: erased people's posts stay as "Former participant" (anonymise) or go
        # (delete); guests are erased this many days after their sessions ended.
        "AGORA_ERASURE_POSTS": env.get("AGORA_ERASURE_POSTS", "anonymise"),
        "AGORA_RETENTION_DAYS": int(env.get("AGORA_RETENTION_DAYS", "365")),
        "AGORA_MAX_POST_CHARS": int(env.get("AGORA_MAX_POST_CHARS", "5000")),
        "AGORA_TOKEN_DAYS": int(env.get("AGORA_TOKEN_DAYS", "30")),
        # Reverse proxies in front (nginx: 1): their X-Forwarded-* headers are then trusted for
        # the client's address (rate limits, logs) and the scheme.
        "AGORA_TRUSTED_PROXIES": int(env.get("AGORA_TRUSTED_PROXIES", "0")),
        # Most simultaneous connections one process serves (eventlet's default is 1,024).
        "AGORA_MAX_CONNECTIONS": int(env.get("AGORA_MAX_CONNECTIONS", "10000")),
        # Socket.IO connections one address may hold open on one process (0: no cap).
        "AGORA_MAX_CONNECTIONS_PER_ADDRESS": int(
            env.get("AGORA_MAX_CONNECTIONS_PER_ADDRESS", "200")
        ),
        # The programme's aims: over 3,000 participating citizens, at least 750 who write.
        "AGORA_TARGET_PARTICIPANTS": int(env.get("AGORA_TARGET_PARTICIPANTS", "3000")),
        "AGORA_TARGET_CONTRIBUTORS": int(env.get("AGORA_TARGET_CONTRIBUTORS", "750")),
        # Times shown on pages and entered in the organisers' forms (IANA name, e.g. Europe/Sofia).
        "BABEL_DEFAULT_TIMEZONE": env.get("AGORA_TIMEZONE", "UTC"),
        "SESSION_COOKIE_SECURE": env.get("AGORA_SECURE_COOKIES", "0") == "1",
    }


class Config:
    """Defaults that the environment does not set."""

    # A connection is tested before use (PostgreSQL restarts); create_app drops it for SQLite.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Largest HTTP request body and Socket.IO message: a post of 5,000 characters fits many times.
    MAX_CONTENT_LENGTH = 256 * 1024
    AGORA_MAX_MESSAGE_BYTES = 64 * 1024
    AGORA_CONSENT_VERSION = "2026-11"
    AGORA_JOIN_PAGE_SIZE = 200
    # Seconds between presence updates (one event per session per interval; 0: at once).
    AGORA_PRESENCE_INTERVAL = 1.0
    # Seconds a post's reaction changes are gathered before readers get them (one event).
    AGORA_REACTIONS_INTERVAL = 0.25
    # Seconds this process keeps rows read on every event (participants, bans, word filters);
    # its own changes apply at once, another process's within this time (app/core/cache.py).
    AGORA_CACHE_SECONDS = 5.0
    # Per-connection event limits: event -> (per second, burst); past the flood limit (all
    # events together) the connection is closed. Defaults in app/core/ratelimit.py.
    AGORA_CONNECTION_LIMITS = True
    AGORA_EVENT_LIMITS = EVENT_LIMITS
    AGORA_FLOOD_LIMIT = FLOOD_LIMIT
    # Seconds committed events are gathered before they are broadcast together (0: at once).
    AGORA_BROADCAST_WINDOW = 0.02
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent.parent / "translations")
    WTF_CSRF_TIME_LIMIT = None
    TESTING = False


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False
    SECRET_KEY = "test-secret"
    AGORA_POST_RATE = "1000/minute"
    AGORA_GUEST_RATE = "10000/hour"
    AGORA_MT_RATE = "10000/hour"
    AGORA_MT_TIMEOUT = 2.0
    SOCKETIO_ASYNC_MODE = "threading"  # the test client needs no server loop
    AGORA_PRESENCE_INTERVAL = 0.0  # presence events at once, so tests need not wait
    AGORA_REACTIONS_INTERVAL = 0.0
    AGORA_BROADCAST_WINDOW = 0.0
    AGORA_CONNECTION_LIMITS = False  # tests emit fast on purpose; tests/core/test_limits.py on
    AGORA_MAX_CONNECTIONS_PER_ADDRESS = 0
