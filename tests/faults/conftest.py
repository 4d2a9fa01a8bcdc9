"""Fault tests: real `agora run` processes on loopback ports, killed and restarted, with a
private Redis and a private PostgreSQL cluster of their own that the tests stop and start (the
machine's shared PostgreSQL and Redis are never touched).

Helpers: `Agora` (one server process), `PrivateRedis`, `PrivatePostgres`, `Reader` (a
Socket.IO reader that keeps what it has seen and catches up by seq after a reconnection, as
static/js/debate.js does) and small HTTP helpers."""

from __future__ import annotations

import asyncio
import contextlib
import glob
import json
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.client import Client
from tests.conftest import AGORA, ROOT, _free_port, service_missing
from tests.test_scale_out import connect

DEBATE_SLUG = "capitals-of-culture"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "faults: kills and restarts servers, Redis and PostgreSQL (slower)"
    )


# --- HTTP ------------------------------------------------------------------------------------


def http(
    url: str, body: Any = None, token: str | None = None, method: str | None = None
) -> tuple[int, Any]:
    """(status, JSON body) for any answer, errors included."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        raw = err.read()
        try:
            return err.code, json.loads(raw)
        except ValueError:
            return err.code, raw.decode(errors="replace")


def guest(base: str, name: str) -> str:
    status, body = http(
        base + "/api/v1/auth/guest", {"display_name": name, "language": "en", "consent": True}
    )
    assert status == 201, body
    return body["token"]


def live_session(base: str) -> int:
    """The live session of the seeded debate the tests use."""
    status, debates = http(base + "/api/v1/debates")
    assert status == 200, debates
    debate = next(d for d in debates if d["slug"] == DEBATE_SLUG)
    return next(s["id"] for s in debate["sessions"] if s["state"] == "live")


def published_after(base: str, session_id: int, after_seq: int) -> dict[int, dict[str, Any]]:
    """Every post the public may see whose last change came after `after_seq`, by id."""
    posts: dict[int, dict[str, Any]] = {}
    while True:
        status, page = http(base + f"/api/v1/sessions/{session_id}/posts?after_seq={after_seq}")
        assert status == 200, page
        for post in page["posts"]:
            posts[post["id"]] = post
        for post_id in page["hidden"]:
            posts.pop(post_id, None)
        if not page.get("has_more"):
            return posts
        after_seq = page["last_seq"]


def last_seq(base: str, session_id: int) -> int:
    status, page = http(base + f"/api/v1/sessions/{session_id}/posts?after_seq=1000000000")
    assert status == 200, page
    return page["last_seq"]


# --- the server ------------------------------------------------------------------------------


def agora_env(database_url: str, redis_url: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "faults-test",
        # The tests' clients post faster than people do; nothing here tests the limits.
        "AGORA_POST_RATE": "100000/minute",
        "AGORA_GUEST_RATE": "100000/hour",
        "AGORA_MAX_CONNECTIONS_PER_ADDRESS": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def agora_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [*AGORA, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"agora {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def prepare_database(env: dict[str, str]) -> None:
    """`agora db upgrade` and `agora seed-demo`, as an operator sets a server up."""
    agora_cli(env, "db", "upgrade")
    agora_cli(env, "seed-demo")


def stop_process(proc: subprocess.Popen | None) -> None:
    """Terminate politely, then kill; nothing if it is not running."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class Agora:
    """One `agora run` process on a fixed loopback port: started, killed, started again."""

    def __init__(self, name: str, folder: Path, env: dict[str, str]) -> None:
        self.name = name
        self.env = env
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 45) -> float:
        """Start the process; answer the seconds until it served its first HTTP request."""
        began = time.monotonic()
        self.starts += 1
        with self.log_path.open("ab") as log:
            log.write(f"\n--- start {self.starts} ---\n".encode())
            log.flush()
            self.proc = subprocess.Popen(
                [*AGORA, "run", "--port", str(self.port)],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = began + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"{self.name} exited at start:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):
                    pass
                return time.monotonic() - began
            except urllib.error.HTTPError:  # it answers (503 while something is down)
                return time.monotonic() - began
            except OSError:
                time.sleep(0.1)
        self.stop()
        pytest.fail(f"{self.name} did not answer within {timeout} s:\n{self.log()}")

    def kill(self) -> None:
        """kill -9: no shutdown code runs, whatever was in flight is cut off."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        stop_process(self.proc)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-6000:]
        except OSError:
            return ""


# --- private Redis ---------------------------------------------------------------------------


class PrivateRedis:
    """A redis-server of the test's own on a free port, without persistence: stopping it loses
    what it held, like a restart of a cache-only Redis in production."""

    def __init__(self, binary: str, folder: Path) -> None:
        self.binary = binary
        self.folder = folder
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 15) -> None:
        import redis

        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        args += ["--appendonly", "no", "--daemonize", "no", "--dir", str(self.folder)]
        with (self.folder / "redis.log").open("ab") as log:
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_timeout=1, retry=None).ping()
                return
            except redis.RedisError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
        pytest.fail("the private redis-server did not start: " + self.log())

    def stop(self) -> None:
        stop_process(self.proc)

    def log(self) -> str:
        return (self.folder / "redis.log").read_text(errors="replace")[-3000:]


@pytest.fixture
def private_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    binary = shutil.which("redis-server")
    if binary is None:
        service_missing("redis-server is not installed (apt-get install redis-server)")
    server = PrivateRedis(binary, tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


# --- private PostgreSQL ----------------------------------------------------------------------


def _postgres_bin() -> Path | None:
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all(Path(folder, tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and Path(found).with_name("initdb").exists() else None


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (initdb in a temporary folder, trust auth, a free
    port, its socket in that folder). PostgreSQL refuses to run as root, so under root the
    cluster belongs to the `postgres` OS user and its tools run through runuser."""

    def __init__(self, bindir: Path, folder: Path) -> None:
        self.bindir = bindir
        self.folder = folder
        self.data = folder / "data"
        self.port = _free_port()
        self.admin_url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._as: list[str] = []
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                service_missing("running as root and there is no `postgres` OS user for initdb")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, timeout: float = 60) -> None:
        done = subprocess.run(
            [*self._as, *args], capture_output=True, text=True, timeout=timeout, cwd=self.folder
        )
        if done.returncode != 0:
            pytest.fail(f"{' '.join(args)} failed: {done.stdout}{done.stderr}\n{self.log()}")

    def init(self) -> None:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
        )

    def start(self) -> float:
        began = time.monotonic()
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "postgres.log"),
            "-o",
            options,
            "-w",
            "start",
        )
        return time.monotonic() - began

    def stop(self, mode: str = "fast") -> None:
        """`fast`: a clean shutdown that cuts every connection; `immediate`: like a crash."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def create_database(self) -> str:
        """A fresh database on the cluster; answers its SQLAlchemy URL."""
        import uuid

        import psycopg2

        name = f"agora_{uuid.uuid4().hex[:10]}"
        conn = psycopg2.connect(self.admin_url, connect_timeout=5)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            conn.close()
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{name}"

    def log(self) -> str:
        try:
            return (self.folder / "postgres.log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[PrivatePostgres]:
    bindir = _postgres_bin()
    if bindir is None:
        service_missing("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    folder = Path(tempfile.mkdtemp(prefix="agora-pg-"))
    cluster = PrivatePostgres(bindir, folder)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if cluster.running():
            with contextlib.suppress(BaseException):  # the folder goes anyway
                cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


def count_posts(database_url: str, client_ids: list[str]) -> dict[str, int]:
    """Rows per client_id, read straight from the database (the server may be down)."""
    from sqlalchemy import bindparam, create_engine, text

    if not client_ids:
        return {}
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT client_id, count(*) FROM post WHERE client_id IN :ids "
                    "GROUP BY client_id"
                ).bindparams(bindparam("ids", expanding=True)),
                {"ids": client_ids},
            )
            return {client_id: n for client_id, n in rows}
    finally:
        engine.dispose()


# --- Socket.IO clients -----------------------------------------------------------------------


async def connect_retry(base: str, token: str | None = None, timeout: float = 30) -> Client:
    """Connect, trying again until the server answers (it may be starting)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return await connect(base, token)
        except (TimeoutError, OSError) as err:
            if time.monotonic() > deadline:
                raise AssertionError(f"could not connect to {base}: {err!r}") from err
            await asyncio.sleep(0.1)


class Reader:
    """Someone reading a live session: keeps the posts seen (id -> (seq, body)) and, as
    static/js/debate.js does, the last seq up to which it has seen every change; a
    reconnection re-joins with that `after_seq` and applies what the ack brings."""

    def __init__(self, session_id: int, after_seq: int, token: str | None = None) -> None:
        self.session_id = session_id
        self.last_seq = after_seq  # every change up to here is applied
        self.ahead: set[int] = set()  # seqs seen beyond a gap
        self.token = token
        self.posts: dict[int, tuple[int, str]] = {}
        self.deliveries = 0
        self.joins = 0
        self.client: Client | None = None
        self._read = 0

    async def join(self, base: str, timeout: float = 30) -> dict[str, Any]:
        """(Re)connect to `base` if needed and join with the last seq seen."""
        self.absorb()
        if self.client is None or not self.client.connected:
            self.client = await connect_retry(base, self.token, timeout)
            self._read = 0
        ack = await self.client.emit(
            "join", {"session_id": self.session_id, "after_seq": self.last_seq}, timeout=15
        )
        assert ack["ok"], ack
        assert not ack["reset"], "a catch-up within a few hundred changes must not reset"
        self.joins += 1
        for post in ack["posts"]:
            self._see(post)
        for post_id in ack["hidden"]:
            self.posts.pop(post_id, None)
        self.last_seq = max(self.last_seq, ack["last_seq"])
        self._advance()
        return ack

    def absorb(self) -> None:
        """Apply the events received since the last call."""
        if self.client is None or self.client.events is None:
            return
        events = self.client.events
        for name, payload in events[self._read :]:
            if name == "post_published" and payload["session_id"] == self.session_id:
                self.deliveries += 1
                self._see(payload)
        self._read = len(events)
        self._advance()

    def _see(self, post: dict[str, Any]) -> None:
        self.posts[post["id"]] = (post["seq"], post["body_text"])
        if post["seq"] and post["seq"] > self.last_seq:
            self.ahead.add(post["seq"])

    def _advance(self) -> None:
        self.ahead = {s for s in self.ahead if s > self.last_seq}
        while self.last_seq + 1 in self.ahead:
            self.last_seq += 1
            self.ahead.discard(self.last_seq)

    @property
    def has_gap(self) -> bool:
        return bool(self.ahead)

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()


def assert_state_matches(reader: Reader, server_posts: dict[int, dict[str, Any]]) -> None:
    """The reader shows exactly the server's posts: none missing, none extra, none twice."""
    reader.absorb()
    assert set(reader.posts) == set(server_posts), (
        f"missing {sorted(set(server_posts) - set(reader.posts))}, "
        f"extra {sorted(set(reader.posts) - set(server_posts))}"
    )
    seqs = [seq for seq, _body in reader.posts.values()]
    bodies = [body for _seq, body in reader.posts.values()]
    assert len(set(seqs)) == len(seqs), "two posts under one seq"
    assert len(set(bodies)) == len(bodies), "the same post shown twice"
    for post_id, (seq, body) in reader.posts.items():
        assert (seq, body) == (server_posts[post_id]["seq"], server_posts[post_id]["body_text"])
