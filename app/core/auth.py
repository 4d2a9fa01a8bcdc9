"""Authorisation checks shared by HTTP handlers."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from app.core.errors import AgoraError
from app.extensions import csrf


def require_staff() -> None:
    """A signed-in staff member; cookie-authenticated writes must also carry the CSRF token."""
    if not current_user.is_authenticated:
        raise AgoraError("unauthorized")
    if not current_user.is_staff:
        raise AgoraError("forbidden")
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        csrf.protect()
