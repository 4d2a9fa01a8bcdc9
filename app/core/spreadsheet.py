"""CSV that spreadsheet programs open safely: UTF-8 with a BOM (Cyrillic and Arabic show right),
and no cell that could run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_stream(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV text in chunks of about 64 KB, never the whole file in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(list(header))
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
