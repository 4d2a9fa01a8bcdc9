"""`make bench`: load scenarios against Agora and against the bare Flask-SocketIO server, in the
same run, on this machine. Results go to bench/results/<time>.json and a table to
docs/benchmarks.md. BENCH_QUICK=1 runs a small version in about a minute; BENCH_ONLY=a,b runs
only the named scenarios.

Every result holds: scenario, server, async_mode, clients, posts_per_second, p50/p95/p99
delivery ms, deliveries_per_second, lost, doubled, server_cpu_seconds, rss_per_client_kb and,
for Agora, its ratios to the bare run of the same scenario."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import random
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.client import Client

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
QUICK = os.environ.get("BENCH_QUICK") == "1"
ONLY = {s for s in os.environ.get("BENCH_ONLY", "").split(",") if s}
PG_ADMIN = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/0")
CLK_TCK = os.sysconf("SC_CLK_TCK")

CLIENTS = 200 if QUICK else 1000
RATE = 20
LIVE_SECONDS = 6 if QUICK else 20
IDLE_CLIENTS = 500 if QUICK else 5000
MODES = tuple(
    (os.environ.get("BENCH_MODES") or ("eventlet" if QUICK else "eventlet,gevent,threading")).split(
        ","
    )
)
RAMP = (20, 60) if QUICK else (20, 40, 60, 80, 100, 120, 150, 200, 300)


# --- servers ---------------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_database() -> str:
    """A fresh database for one Agora run (dropped with the next run's clean-up)."""
    import psycopg2

    name = f"agora_bench_{uuid.uuid4().hex[:8]}"
    connection = psycopg2.connect(PG_ADMIN)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'agora_bench_%%' AND datname <> %s",
            (name,),
        )
        for (old,) in cursor.fetchall():
            cursor.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


@dataclass
class Server:
    kind: str  # "agora" | "bare"
    mode: str
    port: int
    proc: subprocess.Popen
    session_id: int = 1
    tokens: list[str] = field(default_factory=list)
    database_url: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SECRET_KEY": "bench", **extra}
    env.setdefault("AGORA_POST_RATE", "100000/minute")
    # Every load client connects from 127.0.0.1: no per-address cap (per-connection event
    # limits stay on, as in production).
    env.setdefault("AGORA_MAX_CONNECTIONS_PER_ADDRESS", "0")
    env.pop("REDIS_URL", None) if "REDIS_URL" not in extra else None
    return env


def prepare_agora(database_url: str, tokens: int, posts: int = 200) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.prepare", str(tokens), str(posts)],
        env=_env(DATABASE_URL=database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def start(kind: str, mode: str, **env: str) -> Server:
    port = _free_port()
    log = open(RESULTS / f"server-{kind}-{mode}-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.serve", kind, mode, str(port)],
        env=_env(**env),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(kind, mode, port, proc)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                server.url + "/socket.io/?EIO=4&transport=polling", timeout=1
            ):
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{kind} ({mode}) did not start; see {log.name}")


def start_agora(mode: str, tokens: int, database_url: str | None = None, **env: str) -> Server:
    database_url = database_url or f"sqlite:///{RESULTS / f'bench-{uuid.uuid4().hex[:8]}.db'}"
    prepared = prepare_agora(database_url, tokens)
    server = start("agora", mode, DATABASE_URL=database_url, **env)
    server.session_id, server.tokens = prepared["session_id"], prepared["tokens"]
    server.database_url = database_url
    return server


def start_second_agora(first: Server, mode: str, **env: str) -> Server:
    """Another process on the first one's database: same session, same tokens."""
    server = start("agora", mode, DATABASE_URL=first.database_url, **env)
    server.session_id, server.tokens = first.session_id, first.tokens
    return server


# --- measuring -------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 1)


class Deliveries:
    """Which client saw which post, when: latency, lost and doubled deliveries."""

    def __init__(self) -> None:
        self.sent: dict[int, float] = {}
        self.acked: set[int] = set()
        self.post_ids: dict[int, int] = {}  # marker -> the server's post id
        self.latencies: list[float] = []  # ms
        self.seen: list[set[int]] = []
        self.total = 0

    def listener(self, client: Client) -> None:
        seen: set[int] = set()
        self.seen.append(seen)

        def on_delivery(n: int, at: float) -> None:
            sent = self.sent.get(n)
            if sent is None:
                return
            self.total += 1
            seen.add(n)
            self.latencies.append((at - sent) * 1000)

        client.on_delivery = on_delivery

    def summary(self, receivers: int) -> dict[str, Any]:
        window = self.latencies
        unique = sum(len(s & self.acked) for s in self.seen)
        return {
            "p50_ms": percentile(window, 0.50),
            "p95_ms": percentile(window, 0.95),
            "p99_ms": percentile(window, 0.99),
            "lost": len(self.acked) * receivers - unique,
            "doubled": self.total - sum(len(s) for s in self.seen),
        }


async def connect_clients(
    servers: list[Server], n: int, *, authenticated: bool, spread: float = 0.0
) -> tuple[list[Client], list[float]]:
    """n clients spread over the servers, each joined to the session; answers the clients and
    their join ack times (ms)."""
    clients: list[Client] = []
    join_ms: list[float] = []
    start = time.perf_counter()

    async def one(i: int) -> None:
        if spread:
            await asyncio.sleep(start + spread * i / n - time.perf_counter())
        server = servers[i % len(servers)]
        token = server.tokens[i] if authenticated and server.tokens else None
        client = Client(server.url, token)
        for attempt in range(3):
            try:
                await client.connect()
                break
            except (TimeoutError, OSError, ConnectionError):
                if attempt == 2:
                    return
                await asyncio.sleep(0.5)
        began = time.perf_counter()
        ack = await client.emit("join", {"session_id": server.session_id}, timeout=60)
        if ack.get("ok", True) is not False:
            join_ms.append((time.perf_counter() - began) * 1000)
            clients.append(client)

    limit = asyncio.Semaphore(200)

    async def bounded(i: int) -> None:
        async with limit:
            await one(i)

    await asyncio.gather(*(bounded(i) if not spread else one(i) for i in range(n)))
    return clients, join_ms


async def post_at_rate(
    posters: list[tuple[Client, int]], deliveries: Deliveries, rate: float, seconds: float
) -> int:
    """Posts at `rate` per second for `seconds`, round robin over the posters; answers how many
    were refused."""
    refused = 0
    tasks = []
    begin = time.perf_counter()
    total = int(rate * seconds)

    async def one(k: int) -> None:
        nonlocal refused
        client, session_id = posters[k % len(posters)]
        n = len(deliveries.sent) + 1
        deliveries.sent[n] = time.perf_counter()
        body = f"b:{n}: a considered view on living together in our town, number {n}"
        try:
            ack = await client.emit("post", {"session_id": session_id, "body": body}, timeout=30)
        except (TimeoutError, OSError):
            refused += 1
            return
        if ack.get("ok", True) is False:
            refused += 1
        else:
            deliveries.acked.add(n)
            deliveries.post_ids[n] = ack["post"]["id"]

    for k in range(total):
        await asyncio.sleep(max(0.0, begin + k / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(one(k)))
    await asyncio.gather(*tasks)
    return refused


async def live(
    servers: list[Server],
    clients: list[Client],
    rate: float,
    seconds: float,
    *,
    storm: bool = False,
    flooders: list[Client] | None = None,
) -> dict[str, Any]:
    deliveries = Deliveries()
    for client in clients:
        deliveries.listener(client)
    with_session = [(c, servers[i % len(servers)].session_id) for i, c in enumerate(clients)]
    posters = with_session  # every client posts now and then, as in a debate
    cpu_before = [s.cpu_seconds() for s in servers]
    begin = time.perf_counter()
    storm_task = None
    if storm:
        storm_task = asyncio.create_task(reaction_storm(with_session, deliveries, seconds))
    flood_task = None
    if flooders:
        flood_task = asyncio.create_task(flood(flooders, servers[0].session_id, seconds))
    refused = await post_at_rate(posters, deliveries, rate, seconds)
    if storm_task:
        await storm_task
    if flood_task:
        await flood_task
    await asyncio.sleep(2)  # the last deliveries drain
    elapsed = time.perf_counter() - begin
    cpu = sum(s.cpu_seconds() - b for s, b in zip(servers, cpu_before, strict=True))
    result = deliveries.summary(len(clients))
    result.update(
        clients=len(clients),
        posts_per_second=rate,
        posts=len(deliveries.acked),
        refused=refused,
        deliveries_per_second=round(deliveries.total / elapsed, 1),
        server_cpu_seconds=round(cpu, 2),
    )
    for client in clients:
        client.on_delivery = None
    return result


async def reaction_storm(
    clients: list[tuple[Client, int]], deliveries: Deliveries, seconds: float
) -> None:
    """Every client reacts once, at a random moment within `seconds`, to a recent post."""

    async def one(client: Client, session_id: int) -> None:
        await asyncio.sleep(random.uniform(0, seconds))
        recent = list(deliveries.post_ids.values())[-20:]
        if not recent:
            return
        payload = {"post_id": random.choice(recent), "kind": "agree", "session_id": session_id}
        with contextlib.suppress(TimeoutError, OSError):
            await client.emit("react", payload, timeout=30)

    await asyncio.gather(*(one(c, sid) for c, sid in clients))


FLOOD_PER_SECOND = 500


async def flood(flooders: list[Client], session_id: int, seconds: float) -> None:
    """Each flooder sends FLOOD_PER_SECOND `join` events a second without waiting for answers
    (a join is among the costliest events: the ack carries the session's newest posts)."""
    frame = json.dumps(["join", {"session_id": session_id}], separators=(",", ":"))
    burst = FLOOD_PER_SECOND // 10
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        for client in flooders:
            if client.connected:
                for n in range(burst):
                    client._send_frame(f"42{n}{frame}".encode())
        await asyncio.sleep(0.1)


async def close_all(clients: list[Client]) -> None:
    await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)


# --- scenarios -------------------------------------------------------------------------------


def with_rss(server: Server, before_kb: int, clients: int) -> dict[str, Any]:
    per_client = (server.rss_kb() - before_kb) / max(clients, 1)
    return {"rss_per_client_kb": round(per_client, 1), "rss_mb": round(server.rss_kb() / 1024, 1)}


async def scenario_start(kind: str, mode: str) -> dict[str, Any]:
    """Debate start: C clients join a session holding 200 posts within 10 s."""
    server = start_agora(mode, CLIENTS) if kind == "agora" else start("bare", mode)
    try:
        before = server.rss_kb()
        cpu = server.cpu_seconds()
        clients, join_ms = await connect_clients(
            [server], CLIENTS, authenticated=True, spread=10.0 if not QUICK else 3.0
        )
        result = {
            "join_p50_ms": percentile(join_ms, 0.5),
            "join_p99_ms": percentile(join_ms, 0.99),
            "connected": len(clients),
            "clients": CLIENTS,
            "server_cpu_seconds": round(server.cpu_seconds() - cpu, 2),
            **with_rss(server, before, len(clients)),
        }
        await close_all(clients)
        return result
    finally:
        server.stop()


async def scenario_live(
    kind: str,
    mode: str,
    *,
    rate: float = RATE,
    storm: bool = False,
    processes: int = 1,
    flooders: int = 0,
) -> dict[str, Any]:
    """Live phase: C clients, posts at `rate` through the full path (optionally while every
    client reacts, over several processes sharing Redis and PostgreSQL, or while a few
    connections flood the server with events)."""
    servers: list[Server] = []
    env = {"REDIS_URL": REDIS} if processes > 1 else {}
    try:
        if kind == "agora":
            database = _postgres_database() if processes > 1 else None
            servers.append(start_agora(mode, CLIENTS, database, **env))
            while len(servers) < processes:
                servers.append(start_second_agora(servers[0], mode, **env))
        else:
            bare_env = {"BENCH_REDIS": REDIS} if processes > 1 else {}
            servers = [start("bare", mode, **bare_env) for _ in range(processes)]
        before = [s.rss_kb() for s in servers]
        clients, _join = await connect_clients(servers, CLIENTS, authenticated=True)
        rss = sum(s.rss_kb() - b for s, b in zip(servers, before, strict=True))
        flooding, _ = await connect_clients(servers[:1], flooders, authenticated=False)
        await asyncio.sleep(1)
        result = await live(servers, clients, rate, LIVE_SECONDS, storm=storm, flooders=flooding)
        result["rss_per_client_kb"] = round(rss / max(len(clients), 1), 1)
        result["processes"] = processes
        if flooders:
            result["flooders"] = len(flooding)
            result["flooders_disconnected"] = sum(not c.connected for c in flooding)
        await close_all(clients + flooding)
        return result
    finally:
        for s in servers:
            s.stop()


async def scenario_idle(kind: str, mode: str) -> dict[str, Any]:
    """Idle: many connected, joined clients on one process; memory per client."""
    server = start_agora(mode, 0) if kind == "agora" else start("bare", mode)
    try:
        before = server.rss_kb()
        clients, _join = await connect_clients([server], IDLE_CLIENTS, authenticated=False)
        await asyncio.sleep(2)
        result = {
            "clients": IDLE_CLIENTS,
            "connected": len(clients),
            **with_rss(server, before, len(clients)),
        }
        await close_all(clients)
        return result
    finally:
        server.stop()


EXPORT = """
import resource, sys, time
sys.argv = ["agora", "export", sys.argv[1], "--format", "json", "-o", sys.argv[2]]
from app.cli import main
began = time.perf_counter()
try:
    main()
except SystemExit:
    pass
print(time.perf_counter() - began, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


async def scenario_pages(kind: str, mode: str) -> dict[str, Any]:
    """Agora only: the debate page of a session holding 2,000 posts (server-side render, no
    load), and `agora export` of a 10,000-post transcript (time, peak memory)."""
    if kind == "bare":
        return {"note": "pages and exports have no bare counterpart"}
    database = f"sqlite:///{RESULTS / f'bench-{uuid.uuid4().hex[:8]}.db'}"
    prepare_agora(database, 0, 2000)
    server = start("agora", mode, DATABASE_URL=database)
    try:
        timings = []
        for attempt in range(11):
            began = time.perf_counter()
            with urllib.request.urlopen(server.url + "/d/bench", timeout=30) as response:
                body = response.read()
            if attempt:  # the first request warms the caches
                timings.append((time.perf_counter() - began) * 1000)
    finally:
        server.stop()
    big = f"sqlite:///{RESULTS / f'bench-{uuid.uuid4().hex[:8]}.db'}"
    session_id = prepare_agora(big, 0, 10_000)["session_id"]
    out = RESULTS / "transcript.json"
    done = subprocess.run(
        [sys.executable, "-c", EXPORT, str(session_id), str(out)],
        env=_env(DATABASE_URL=big),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, max_rss_kb = done.stdout.split()[-2:]
    size = out.stat().st_size
    out.unlink()
    return {
        "page_posts": 2000,
        "page_bytes": len(body),
        "page_p50_ms": percentile(timings, 0.5),
        "page_p90_ms": percentile(timings, 0.9),
        "transcript_posts": 10_000,
        "transcript_mb": round(size / 2**20, 1),
        "transcript_seconds": round(float(seconds), 2),
        "transcript_max_rss_mb": round(int(max_rss_kb) / 1024, 1),
    }


async def scenario_max_rate(kind: str, mode: str) -> dict[str, Any]:
    """The highest post rate whose delivery p99 stays under 500 ms with nothing lost."""
    server = start_agora(mode, CLIENTS) if kind == "agora" else start("bare", mode)
    best: dict[str, Any] = {"posts_per_second": 0}
    steps = []
    try:
        clients, _join = await connect_clients([server], CLIENTS, authenticated=True)
        for rate in RAMP:
            step = await live([server], clients, rate, 5 if QUICK else 8)
            steps.append({k: step[k] for k in ("posts_per_second", "p99_ms", "lost")})
            if step["p99_ms"] is None or step["p99_ms"] >= 500 or step["lost"]:
                break
            best = step
        await close_all(clients)
    finally:
        server.stop()
    return {**best, "max_rate_held": best["posts_per_second"], "steps": steps}


# --- the run -------------------------------------------------------------------------------


PLAN: list[tuple[str, str, Any]] = [
    ("debate_start", "eventlet", lambda kind: scenario_start(kind, "eventlet")),
    *[
        (f"live_{mode}", mode, (lambda m: lambda kind: scenario_live(kind, m))(mode))
        for mode in MODES
    ],
    ("reaction_storm", "eventlet", lambda kind: scenario_live(kind, "eventlet", storm=True)),
    ("two_processes", "eventlet", lambda kind: scenario_live(kind, "eventlet", processes=2)),
    ("flood", "eventlet", lambda kind: scenario_live(kind, "eventlet", flooders=10)),
    ("max_rate", "eventlet", lambda kind: scenario_max_rate(kind, "eventlet")),
    ("idle", "eventlet", lambda kind: scenario_idle(kind, "eventlet")),
    ("pages", "eventlet", lambda kind: scenario_pages(kind, "eventlet")),
]

RATIO_KEYS = (
    "p50_ms",
    "p99_ms",
    "join_p99_ms",
    "server_cpu_seconds",
    "rss_per_client_kb",
    "deliveries_per_second",
    "max_rate_held",
)


def ratios(agora: dict[str, Any], bare: dict[str, Any]) -> dict[str, float]:
    out = {}
    for key in RATIO_KEYS:
        a, b = agora.get(key), bare.get(key)
        if isinstance(a, int | float) and isinstance(b, int | float) and b:
            out[key] = round(a / b, 2)
    return out


async def run_plan() -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for scenario, mode, run in PLAN:
        if ONLY and scenario not in ONLY:
            continue
        pair: dict[str, dict[str, Any]] = {}
        for kind in ("bare", "agora"):
            print(f"{scenario}: {kind} ({mode}) …", flush=True)
            measured = await run(kind)
            pair[kind] = {"scenario": scenario, "server": kind, "async_mode": mode, **measured}
            print(
                "   ", json.dumps({k: v for k, v in measured.items() if k != "steps"}), flush=True
            )
        pair["agora"]["ratios_to_bare"] = ratios(pair["agora"], pair["bare"])
        results.extend(pair.values())
    return results


COLUMNS = (
    ("scenario", "scenario"),
    ("run", "run"),
    ("server", "server"),
    ("async_mode", "mode"),
    ("clients", "clients"),
    ("posts_per_second", "posts/s"),
    ("p50_ms", "p50 ms"),
    ("p95_ms", "p95 ms"),
    ("p99_ms", "p99 ms"),
    ("join_p99_ms", "join p99 ms"),
    ("deliveries_per_second", "deliveries/s"),
    ("lost", "lost"),
    ("doubled", "doubled"),
    ("server_cpu_seconds", "CPU s"),
    ("rss_per_client_kb", "KB/client"),
    ("max_rate_held", "max posts/s"),
    ("flooders_disconnected", "flooders cut off"),
    ("page_p50_ms", "page ms"),
    ("transcript_seconds", "10k export s"),
    ("transcript_max_rss_mb", "export MB"),
)


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| " + " | ".join(title for _k, title in COLUMNS) + " | Agora ÷ bare |",
        "|" + " --- |" * (len(COLUMNS) + 1),
    ]
    for r in results:
        cells = ["" if r.get(k) is None else str(r.get(k)) for k, _t in COLUMNS]
        rs = r.get("ratios_to_bare", {})
        ratio = ", ".join(f"{k.replace('_ms', '').replace('_', ' ')} {v}×" for k, v in rs.items())
        lines.append("| " + " | ".join(cells) + f" | {ratio} |")
    return "\n".join(lines)


def latest_table(*, quick: bool) -> str:
    """Each scenario's latest pair of runs (bare and Agora, always measured together) across the
    result files of this kind (full or quick), with the file each comes from."""
    latest: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for path in sorted(RESULTS.glob("*.json")):
        if path.stem.endswith("-quick") != quick:
            continue
        for r in json.loads(path.read_text())["results"]:
            runs = latest.get(r["scenario"])
            if runs is None or runs[0] != path.name:
                latest[r["scenario"]] = (path.name, [])
            latest[r["scenario"]][1].append({**r, "run": path.stem})
    order = [name for name, _m, _r in PLAN]
    rows = [r for name in order if name in latest for r in latest[name][1] if "note" not in r]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    return (
        f"Latest {'quick' if quick else 'full'} figures ({machine}); each row names its run "
        "(`bench/results/<run>.json`). Ratios compare Agora with the bare server of the same "
        "run.\n\n" + table(rows)
    )


def write_docs() -> None:
    docs = ROOT / "docs" / "benchmarks.md"
    intro = docs.read_text().split("<!-- results -->")[0] if docs.exists() else "# Benchmarks\n\n"
    docs.write_text(intro + "<!-- results -->\n" + latest_table(quick=False) + "\n")


def write_report(results: list[dict[str, Any]], began: float) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    meta = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": QUICK,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "seconds": round(time.monotonic() - began),
        "clients": CLIENTS,
        "live_seconds": LIVE_SECONDS,
    }
    path = RESULTS / f"{stamp}{'-quick' if QUICK else ''}.json"
    path.write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    if not QUICK:  # quick runs are for checking the set-up; the docs keep full figures
        write_docs()
    return path


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    began = time.monotonic()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    results = asyncio.run(run_plan())
    path = write_report(results, began)
    print(f"wrote {path.relative_to(ROOT)}" + ("" if QUICK else " and docs/benchmarks.md"))


if __name__ == "__main__":
    main()
