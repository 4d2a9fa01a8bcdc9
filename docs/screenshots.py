"""The README's screenshots, taken from a fresh demo in headless Chromium: `make screenshots`.

Starts `agora run` on a temporary SQLite database with the five demo debates, signs in an
organiser, and saves docs/screenshot.png (a live debate), docs/phone-ar-dark.png (the same on a
phone, in Arabic, in dark mode), docs/embed.png (the widget on a partner town's page) and
docs/organise.png (an organiser's view of a session)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
AGORA = [sys.executable, "-c", "from app.cli import main; main()"]
SLUG = "capitals-of-culture"
PASSWORD = "a long password for screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _partner_site(port: int, widget: str) -> str:
    """A partner town's page with the widget beside its own news, on `port`."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f"""<!doctype html><html lang="bg"><meta charset="utf-8">
<title>Община Кърджали</title>
<body style="margin:0;font:16px system-ui;background:#f3f1ec;color:#222">
<header style="background:#7a1f1f;color:#fff;padding:16px 32px;font-size:22px">
Община Кърджали</header>
<div style="display:flex;gap:32px;padding:24px 32px">
<main style="flex:1"><h1>Граждански дебати 2026</h1>
<p>Общината е партньор в европейската мрежа за управление на многообразието.
Следете дебата на живо вдясно или се включете с едно натискане.</p></main>
<iframe src="{widget}" title="Agora" width="420" height="640" style="border:0"></iframe>
</div></body></html>""".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    site = ThreadingHTTPServer(("127.0.0.1", port), Page)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}"


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="agora-shots-"))
    port, partner_port = _free_port(), _free_port()
    partner_origin = f"http://127.0.0.1:{partner_port}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'agora.db'}",
        "SECRET_KEY": "screenshots",
        "AGORA_EMBED_ORIGINS": partner_origin,
    }
    env.pop("REDIS_URL", None)
    for args in (
        ["db", "upgrade"],
        ["seed-demo"],
        ["users", "create", "--email", "ada@example.org", "--password", PASSWORD,
         "--role", "organiser", "--name", "Ada"],
    ):  # fmt: skip
        subprocess.run([*AGORA, *args], env=env, cwd=ROOT, check=True, capture_output=True)
    server = subprocess.Popen([*AGORA, "run", "--port", str(port)], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        # Served from the origin named in AGORA_EMBED_ORIGINS.
        partner = _partner_site(partner_port, f"{base}/embed/{SLUG}?lang=bg")
        with sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu"],
            )
            _shoot(chromium, base, partner)
            chromium.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(600)  # fades done


def _shoot(chromium, base: str, partner: str) -> None:
    desktop = chromium.new_context(viewport={"width": 1100, "height": 1500})
    page = desktop.new_page()
    page.goto(f"{base}/d/{SLUG}?lang=en")
    page.wait_for_selector('#connection-state[data-state="connected"]')
    _settle(page)
    page.screenshot(path=DOCS / "screenshot.png")

    phone = chromium.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        color_scheme="dark",
    )
    page = phone.new_page()
    page.goto(f"{base}/d/{SLUG}?lang=ar")
    _settle(page)
    page.evaluate("document.querySelector('.live-bar').scrollIntoView({behavior: 'instant'})")
    page.wait_for_timeout(300)
    page.screenshot(path=DOCS / "phone-ar-dark.png")

    town = chromium.new_context(viewport={"width": 1100, "height": 760})
    page = town.new_page()
    page.goto(partner)
    page.frame_locator("iframe").locator('#connection-state[data-state="connected"]').wait_for()
    _settle(page)
    page.screenshot(path=DOCS / "embed.png")

    organiser = chromium.new_context(viewport={"width": 1100, "height": 1865})
    page = organiser.new_page()
    page.goto(f"{base}/login")
    page.fill("#email", "ada@example.org")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{base}/organise/sessions/1?lang=en")
    _settle(page)
    page.screenshot(path=DOCS / "organise.png")
    for context in (desktop, phone, town, organiser):
        context.close()


if __name__ == "__main__":
    main()
