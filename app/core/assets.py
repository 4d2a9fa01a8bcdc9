"""Static files for slow connections: compressed (Flask-Compress: zstd, brotli or gzip, as the
browser accepts) and fingerprinted. `url_for('static', ...)` adds `?v=<content hash>`, and a
fingerprinted URL may be cached for a year, since new content means a new URL."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask_compress import Compress

YEAR = 365 * 24 * 3600
compress = Compress()


def init_app(app: Flask) -> None:
    # Streamed responses (static files, transcripts) are compressed chunk by chunk: still
    # streamed, never buffered whole.
    app.config.setdefault("COMPRESS_STREAMS", True)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    compress.init_app(app)
    hashes: dict[str, str] = {}
    folder = Path(app.static_folder or "static")

    def fingerprint(filename: str) -> str | None:
        if filename not in hashes or app.debug:
            try:
                digest = hashlib.sha256((folder / filename).read_bytes()).hexdigest()[:12]
            except OSError:
                return None
            hashes[filename] = digest
        return hashes[filename]

    @app.url_defaults
    def _version_static(endpoint: str | None, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = fingerprint(values["filename"])
            if version:
                values["v"] = version

    original = app.get_send_file_max_age

    def max_age(filename: str | None) -> int | None:
        return YEAR if request.args.get("v") else original(filename)

    app.get_send_file_max_age = max_age  # type: ignore[method-assign]
