"""A small local server that speaks LibreTranslate's HTTP API (`POST /translate`,
`GET /languages`), for the tests: the real engine's language models cannot be downloaded here.

It "translates" by tagging the text with the target language ("[de] Hallo" for de), and
misbehaves on request, so that failures are tested for real over HTTP:
- text containing "#fail" gets a 500 answer, "#garbage" an answer that is not JSON,
  "#empty" an empty translation, "#slow" an answer after SLOW seconds (past the timeout);
- with `key` set, requests without that api_key get 403, as LibreTranslate answers."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LANGUAGES = ["ar", "bg", "de", "el", "en", "es", "fr", "it", "ro", "sq", "tr", "uk"]
SLOW = 4.0


class FakeLibreTranslate:
    def __init__(self, key: str | None = None) -> None:
        self.key = key
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, body: object, raw: bytes | None = None) -> None:
                data = raw if raw is not None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path != "/languages":
                    return self._answer(404, {"error": "Not Found"})
                codes = [{"code": c, "name": c, "targets": LANGUAGES} for c in LANGUAGES]
                return self._answer(200, codes)

            def do_POST(self) -> None:
                if self.path != "/translate":
                    return self._answer(404, {"error": "Not Found"})
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    asked = json.loads(self.rfile.read(length))
                except ValueError:
                    return self._answer(400, {"error": "Invalid request"})
                fake.requests.append(asked)
                if fake.key and asked.get("api_key") != fake.key:
                    return self._answer(403, {"error": "Invalid API key"})
                text, target = asked.get("q", ""), asked.get("target")
                if target not in LANGUAGES or asked.get("source") not in (*LANGUAGES, "auto"):
                    return self._answer(400, {"error": f"{target} is not supported"})
                if "#fail" in text:
                    return self._answer(500, {"error": "Translation engine crashed"})
                if "#garbage" in text:
                    return self._answer(200, None, raw=b"<html>Bad gateway</html>")
                if "#slow" in text:
                    time.sleep(SLOW)
                translated = "" if "#empty" in text else f"[{target}] {text}"
                return self._answer(200, {"translatedText": translated})

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
