"""Response headers that make the browser refuse what Agora never does: inline script, framing,
sniffing, leaking full URLs to other sites."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, g, request

from app.core.assets import import_map

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self' https:",
        "frame-src https:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _own_origins(environ: dict[str, Any]) -> set[str]:
    """This server's origin as the browser sees it (behind a proxy: as forwarded)."""
    scheme, host = environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST", "")
    own = {f"{scheme}://{host}"}
    forwarded_scheme = environ.get("HTTP_X_FORWARDED_PROTO", scheme).split(",")[0].strip()
    forwarded_host = environ.get("HTTP_X_FORWARDED_HOST", host).split(",")[0].strip()
    own.add(f"{forwarded_scheme}://{forwarded_host}")
    return own


def socket_origin_check(allowed: list[str] | None) -> Callable[[str, dict[str, Any]], bool]:
    """The Socket.IO handshake's Origin check: the server's own origin, plus the partner
    origins in AGORA_ALLOWED_ORIGINS. Another site's page cannot open a socket that rides a
    visitor's cookie (cross-site WebSocket hijacking)."""
    partners = frozenset(allowed or ())

    def check(origin: str, environ: dict[str, Any]) -> bool:
        origin = (origin or "").rstrip("/")
        return origin in partners or origin in _own_origins(environ)

    return check


API_METHODS = "GET, POST, PATCH, DELETE"


def _cors(response: Response) -> None:
    """CORS for the JSON API, to AGORA_ALLOWED_ORIGINS only, and without cookies: a partner's
    page may read public data or call the API with a bearer token, never as the visitor."""
    origin = request.headers.get("Origin", "").rstrip("/")
    if not request.path.startswith("/api/") or not origin:
        return
    response.vary.add("Origin")
    if origin in (current_app.config.get("AGORA_ALLOWED_ORIGINS") or ()):
        response.headers["Access-Control-Allow-Origin"] = origin
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = API_METHODS
            response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            response.headers["Access-Control-Max-Age"] = "600"


def allow_framing(origins: list[str] | None) -> None:
    """Let this request's page be framed by Agora itself and the partner `origins` only (the
    embed widget); every other page keeps `frame-ancestors 'none'`."""
    g.agora_frame_ancestors = " ".join(["'self'", *(origins or ())])


def init_app(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        _cors(response)
        h = response.headers
        # The pages' import map (app/core/assets.py) is the one inline script, allowed by hash.
        csp = CSP.replace("script-src 'self'", f"script-src 'self' {import_map()[1]}")
        if ancestors := g.get("agora_frame_ancestors"):
            # X-Frame-Options cannot list origins: left off, CSP's frame-ancestors decides.
            csp = csp.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")
        else:
            h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Content-Security-Policy", csp)
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if request.is_secure:
            h.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


class SocketBodyLimit:
    """WSGI middleware in front of Socket.IO: a long-polling POST larger than the message limit
    is answered 413 at once. (python-engineio leaves such a request without an answer, so a
    client could hold a worker's connection open with oversized bodies.)"""

    def __init__(self, wsgi_app: Callable[..., Any], limit: int) -> None:
        self.wsgi_app, self.limit = wsgi_app, limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO", "").startswith(
            "/socket.io"
        ):
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = self.limit + 1
            if length > self.limit:
                start_response("413 Content Too Large", [("Content-Type", "text/plain")])
                return [b"Message too large"]
        return self.wsgi_app(environ, start_response)
