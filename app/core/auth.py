"""Authorisation checks shared by HTTP handlers."""

from __future__ import annotations

from flask import abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

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


def require_organiser() -> None:
    """An organiser or admin (same CSRF rule as require_staff)."""
    require_staff()
    if not current_user.has_role("organiser"):
        raise AgoraError("forbidden")


def organiser_page_refusal() -> Response | None:
    """For HTML pages: sign-in first, then 403 unless an organiser or admin; None lets them in."""
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path))
    if not current_user.has_role("organiser"):
        abort(403)
    return None
