"""Validation of untrusted payloads (Socket.IO events and JSON bodies): wrong shapes become
`invalid`/`too_long` refusals with a translated message, never exceptions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _

from app.core.errors import AgoraError

# Ids and seqs are 32-bit integers in the database; larger values cannot exist.
MAX_ID = 2**31 - 1


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
        value = int(value)
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
    if not isinstance(value, str) or "\x00" in value:
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
