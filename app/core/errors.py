"""The one place for error codes: their HTTP status, their translated default message, and how
they are answered (JSON body for HTTP, ack payload for Socket.IO)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

log = logging.getLogger("agora.errors")

STATUS = {
    "unauthorized": 401,
    "forbidden": 403,
    "banned": 403,
    "rate_limited": 429,
    "invalid": 400,
    "too_long": 400,
    "not_found": 404,
    "session_closed": 409,
    "conflict": 409,
    "unavailable": 503,
    "internal": 500,
}

MESSAGES = {
    "unauthorized": _l("Please join the debate or sign in first."),
    "forbidden": _l("You are not allowed to do this."),
    "banned": _l("You may not post here at the moment."),
    "rate_limited": _l("You are posting too quickly. Please wait a moment."),
    "invalid": _l("The request is not valid."),
    "too_long": _l("This is too long."),
    "not_found": _l("This could not be found."),
    "session_closed": _l("This session is not open for posts."),
    "conflict": _l("Someone else has already changed this."),
    "unavailable": _l("The service is briefly unavailable. Please try again."),
    "internal": _l("Something went wrong on our side. Please try again."),
}


class AgoraError(Exception):
    """A refusal the client should see: a contract error code and a message in its language."""

    def __init__(self, code: str, message: Any = None, **details: Any) -> None:
        assert code in STATUS, code
        super().__init__(code)
        self.code = code
        self._message = message
        self.details = details

    @property
    def status(self) -> int:
        return STATUS[self.code]

    @property
    def message(self) -> str:
        return str(self._message if self._message is not None else MESSAGES[self.code])

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.details}


def error_ack(err: AgoraError) -> dict[str, Any]:
    return {"ok": False, "error": err.to_dict()}


def _is_api() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


PAGE_TITLES = {
    400: _l("This request could not be understood."),
    403: _l("You are not allowed to see this page."),
    404: _l("This page does not exist."),
    405: _l("This page cannot be used this way."),
    413: _l("This is too large."),
    429: _l("Too many requests. Please wait a moment."),
    500: _l("Something went wrong on our side. Please try again."),
}


def _html_error(status: int, title: Any = None):
    title = title or PAGE_TITLES.get(status, PAGE_TITLES[400 if status < 500 else 500])
    try:
        return render_template("error.html", title=title, status=status), status
    except Exception:  # the error page itself must never fail
        log.exception("could not render the error page")
        return str(title), status, {"Content-Type": "text/plain; charset=utf-8"}


def init_app(app: Flask) -> None:
    @app.errorhandler(AgoraError)
    def _agora_error(err: AgoraError):
        log.info("refused %s %s: %s", request.method, request.path, err.code)
        return jsonify({"error": err.to_dict()}), err.status

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        if not _is_api():
            if isinstance(err, CSRFError):
                return _html_error(400, _l("This form has expired. Please reload the page."))
            return _html_error(err.code or 500)
        if isinstance(err, CSRFError):
            log.info("refused %s %s: no valid CSRF token", request.method, request.path)
            message = _l("This request has no valid security token. Please reload the page.")
            return _agora_error(AgoraError("invalid", str(message), reason="csrf"))
        code = {
            401: "unauthorized",
            403: "forbidden",
            404: "not_found",
            413: "too_long",
            429: "rate_limited",
        }.get(err.code or 400, "invalid")
        response, _status = _agora_error(AgoraError(code))
        return response, err.code or 400  # the HTTP status says what happened (405, 413, ...)

    @app.errorhandler(OperationalError)
    def _database_unavailable(err: OperationalError):
        # The database is down or restarting (or, on SQLite, locked): a clear "try again"
        # rather than "something went wrong"; the pool reconnects by itself once it is back.
        log.error("database unavailable on %s %s: %s", request.method, request.path, err.orig)
        from app.extensions import db

        try:
            db.session.rollback()
        except Exception:
            log.exception("rollback failed")
        if _is_api():
            return _agora_error(AgoraError("unavailable"))
        return _html_error(503, MESSAGES["unavailable"])

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        from app.extensions import db

        db.session.rollback()
        if _is_api():
            return _agora_error(AgoraError("internal"))
        return _html_error(500)
