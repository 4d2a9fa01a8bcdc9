"""JSON: guest join and staff token."""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _

from app.accounts import services
from app.core.errors import AgoraError

bp = Blueprint("accounts_api", __name__, url_prefix="/api/v1/auth")


def json_body() -> object:
    data = request.get_json(silent=True)
    if data is None:
        raise AgoraError("invalid")
    return data


@bp.post("/guest")
def guest():
    fields = services.check_guest(json_body())
    services.check_guest_rate(request.remote_addr or "")
    participant = services.do_create_guest(fields)
    token = services.do_issue_token(participant)
    return {"token": token, "participant": participant.public()}, 201


@bp.post("/token")
def token():
    data = json_body()
    if not isinstance(data, dict):
        raise AgoraError("invalid")
    address = request.remote_addr or ""
    services.check_sign_in_allowed(data.get("email"), address)
    user = services.authenticate(data.get("email"), data.get("password"))
    if user is None:
        services.note_failed_sign_in(data.get("email"), address)
        raise AgoraError("unauthorized", _("The email or password is not right."))
    return {
        "token": services.do_issue_token(user),
        "user": {**user.public(), "role": user.role},
    }


@bp.delete("/token")
def revoke():
    """Sign a client out: the bearer token it sends stops working at once."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not services.do_revoke_token(header[7:].strip()):
        raise AgoraError("unauthorized")
    return "", 204
