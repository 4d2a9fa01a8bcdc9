"""Validation of untrusted payloads (Socket.IO events and JSON bodies): wrong shapes become
`invalid`/`too_long` refusals with a translated message, never exceptions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _

from app.core.errors import AgoraError

# Ids and seqs are 32-bit integers in the database; larger values cannot exist.
MAX_ID = 2**31 - 1


def is_text(value: str) -> bool:
    """Text a database can store: no NUL, and no unpaired surrogate (JSON may carry one as an
    escape, "\\ud800", but it is no character and cannot be encoded as UTF-8)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_id(value: str) -> int | None:
    """A digit string as an int, or None when it is no id (Python refuses int() on more than
    4,300 digits; no id has more than 10)."""
    digits = value.lstrip("0") or "0"
    if not (value.isascii() and value.isdigit()) or len(digits) > 10:
        return None
    return int(digits)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, except that a body nested past Python's recursion limit ("[[[[...") is
    invalid JSON like any other (request.get_json(silent=True) answers None), not a crash."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError as err:
            raise ValueError("JSON nested too deeply") from err


def as_object(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise AgoraError("invalid", _("The request must be a JSON object."))
    return data


def _missing(name: str) -> AgoraError:
    return AgoraError("invalid", _("The field “%(field)s” is missing.", field=name), field=name)


def _wrong(name: str) -> AgoraError:
    return AgoraError("invalid", _("The field “%(field)s” is not valid.", field=name), field=name)


def id_field(data: dict[str, Any], name: str, *, required: bool = True) -> int | None:
    """A positive integer id; digit strings are accepted because HTML forms send strings."""
    value = data.get(name)
    if value is None:
        if required:
            raise _missing(name)
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = parse_id(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise _wrong(name)
    return value


def seq_field(data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise _wrong(name)
    return value


def str_field(
    data: dict[str, Any], name: str, *, required: bool = True, max_len: int | None = None
) -> str | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _missing(name)
        return None
    if not isinstance(value, str) or not is_text(value):
        raise _wrong(name)
    if max_len is not None and len(value) > max_len:
        raise AgoraError(
            "too_long",
            _("“%(field)s” is longer than %(max)s characters.", field=name, max=max_len),
            field=name,
            max=max_len,
        )
    return value


def choice_field(
    data: dict[str, Any], name: str, choices: Iterable[str], *, required: bool = True
) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if value is None:
        raise _missing(name)
    if not isinstance(value, str) or value not in set(choices):
        raise _wrong(name)
    return value


def bool_field(data: dict[str, Any], name: str) -> bool | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise _wrong(name)
    return value
