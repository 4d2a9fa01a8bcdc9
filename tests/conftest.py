"""Fixtures: the app on SQLite and on the local PostgreSQL (a throwaway database, migrated with
Alembic like production), HTTP and Socket.IO test clients, guests and a live session."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.config import TestConfig
from app.extensions import db, socketio
from tests.libretranslate import FakeLibreTranslate

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("AGORA_TEST_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")
REQUIRE_SERVICES = os.environ.get("AGORA_REQUIRE_SERVICES") == "1"
STAFF_PASSWORD = "a long password"


def service_missing(reason: str) -> None:
    """Skip with a clear reason, or fail when CI demands every service."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}", pytrace=False)
    pytest.skip(reason)


def make_config(**overrides: Any) -> dict[str, Any]:
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    config.update(REDIS_URL=None, AGORA_ALLOWED_ORIGINS=None)
    config.update(overrides)
    return config


def _postgres_database() -> Iterator[str | None]:
    import psycopg2

    admin = PG_ADMIN_URL.replace("postgresql+psycopg2://", "postgresql://")
    name = f"agora_test_{uuid.uuid4().hex[:10]}"

    def run(sql: str) -> None:
        conn = psycopg2.connect(admin, connect_timeout=3)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
        finally:
            conn.close()

    try:
        run(f'CREATE DATABASE "{name}"')
    except psycopg2.OperationalError as err:
        print(f"PostgreSQL unavailable: {err}")
        yield None
        return
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _migrate(url: str) -> None:
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str | None]]:
    sqlite_url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'agora.db'}"
    _migrate(sqlite_url)
    pg = _postgres_database()
    pg_url = next(pg)
    if pg_url:
        _migrate(pg_url)
    yield {"sqlite": sqlite_url, "postgresql": pg_url}
    next(pg, None)


def _empty_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, databases: dict[str, str | None]) -> str:
    url = databases[request.param]
    if url is None:
        service_missing("PostgreSQL is not reachable on 127.0.0.1:5432")
    return url


@pytest.fixture
def config_overrides() -> dict[str, Any]:
    """Override in a test module to change the app's configuration."""
    return {}


@pytest.fixture
def app(db_url: str, config_overrides: dict[str, Any]) -> Iterator[Flask]:
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=db_url, **config_overrides))
    with app.app_context():
        _empty_tables()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def guest(client: FlaskClient) -> Callable[..., dict[str, Any]]:
    """Join as a guest through the API; answers {"token", "participant"}."""

    def make(name: str = "Maria", **fields: Any) -> dict[str, Any]:
        body = {"display_name": name, "language": "en", "consent": True, **fields}
        response = client.post("/api/v1/auth/guest", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return make


def create_staff(runner, role: str, email: str, debates: tuple[str, ...] = ()) -> None:
    """`agora users create` for a staff account with the tests' password."""
    args = [
        "users",
        "create",
        "--email",
        email,
        "--password",
        STAFF_PASSWORD,
        "--role",
        role,
        "--name",
        f"{role.title()} {email.split('@')[0]}",
    ]
    for slug in debates:
        args += ["--debate", slug]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output


def sign_in(client: FlaskClient, runner, role: str, debates: tuple[str, ...] = ()) -> None:
    """Create a staff account and sign the test client's browser session in with it."""
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    create_staff(runner, role, email, debates)
    response = client.post("/login", data={"email": email, "password": STAFF_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def staff(client: FlaskClient, runner) -> Callable[..., str]:
    """Create a staff account and answer its API token: staff("moderator", debates=["slug"])."""
    count = 0

    def make(role: str, debates: tuple[str, ...] = ()) -> str:
        nonlocal count
        count += 1
        email = f"{role}{count}@example.org"
        create_staff(runner, role, email, debates)
        response = client.post(
            "/api/v1/auth/token", json={"email": email, "password": STAFF_PASSWORD}
        )
        return response.get_json()["token"]

    return make


@pytest.fixture
def live_session(app: Flask) -> dict[str, int]:
    """A debate with a live post-moderated session, a scheduled one and a closed one."""
    from app.debates.models import Debate, DebateSession

    with app.app_context():
        debate = Debate(
            slug="test-debate",
            default_language="en",
            title={"en": "Test debate", "bg": "Тестов дебат"},
            description={"en": "About testing."},
        )
        for number, state in ((1, "live"), (2, "scheduled"), (3, "closed")):
            debate.sessions.append(
                DebateSession(number=number, title={"en": f"Session {number}"}, state=state)
            )
        db.session.add(debate)
        db.session.commit()
        ids = {s.state: s.id for s in debate.sessions}
        return {
            "id": ids["live"],
            "scheduled": ids["scheduled"],
            "closed": ids["closed"],
            "debate_id": debate.id,
        }


@pytest.fixture
def sio(app: Flask, client: FlaskClient):
    """Socket.IO test clients: sio() anonymous, sio(token) authenticated."""
    clients = []

    def connect(token: str | None = None, **kwargs: Any):
        auth = {"token": token} if token else None
        c = socketio.test_client(
            app, flask_test_client=client if not token else None, auth=auth, **kwargs
        )
        clients.append(c)
        return c

    yield connect
    for c in clients:
        if c.is_connected():
            c.disconnect()


def of(received: list[dict[str, Any]], name: str) -> list[Any]:
    """The payloads of the `name` events among a Socket.IO test client's received events."""
    return [e["args"][0] for e in received if e["name"] == name]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


AGORA = [sys.executable, "-c", "from app.cli import main; main()"]


@pytest.fixture(scope="session")
def libretranslate() -> Iterator[FakeLibreTranslate]:
    """A local server speaking LibreTranslate's API (tests/libretranslate.py)."""
    fake = FakeLibreTranslate()
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def server_cli(
    tmp_path_factory: pytest.TempPathFactory, libretranslate: FakeLibreTranslate
) -> Callable[..., str]:
    """Run `agora ARGS...` against the `server` fixture's database; answers its output."""
    folder: Path = tmp_path_factory.mktemp("server")
    env = {
        **os.environ,
        "AGORA_MT_URL": libretranslate.url,
        "DATABASE_URL": f"sqlite:///{folder / 'agora.db'}",
        "SECRET_KEY": "browser-test",
        "AGORA_POST_RATE": "100/minute",
        "AGORA_GUEST_RATE": "10000/hour",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)

    def run(*args: str) -> str:
        done = subprocess.run([*AGORA, *args], env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            pytest.fail(f"agora {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    run.env = env  # type: ignore[attr-defined]
    run.folder = folder  # type: ignore[attr-defined]
    return run


@contextlib.contextmanager
def agora_server(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """`agora run` on a free port with `env`, until the block ends; answers its base URL."""
    port = _free_port()
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [*AGORA, "run", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("the server did not start: " + log_path.read_text())
    if proc.poll() is not None:
        pytest.fail("the server exited: " + log_path.read_text())
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def server(server_cli: Callable[..., str]) -> Iterator[str]:
    """`agora run` on a fresh seeded SQLite database; answers its base URL."""
    folder: Path = server_cli.folder  # type: ignore[attr-defined]
    for args in (["db", "upgrade"], ["seed-demo"]):
        server_cli(*args)
    with agora_server(server_cli.env, folder / "server.log") as url:  # type: ignore[attr-defined]
        yield url


# --- headless Chromium (Playwright): one per test run, for every directory -------------------

CHROMIUM = os.environ.get("AGORA_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        service_missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        service_missing("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
