"""Static files for slow connections: compressed (Flask-Compress: zstd, brotli or gzip, as the
browser accepts) and fingerprinted. `url_for('static', ...)` adds `?v=<content hash>`, and a
fingerprinted URL may be cached for a year, since new content means a new URL. Modules that
other modules import (`./thread.js`) are fingerprinted too, through an import map in each page
(allowed by its hash in the Content-Security-Policy: no inline script is allowed otherwise)."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_compress import Compress
from markupsafe import Markup

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
    app.add_template_global(import_map_tag, "import_map")


MODULE_FOLDERS = ("js", "vendor")


def import_map() -> tuple[str, str]:
    """The import map's JSON (every module's plain URL -> its fingerprinted URL) and its CSP
    source ('sha256-...'). Built once per process (on every call when debugging)."""
    cached = current_app.extensions.get("agora_import_map")
    if cached is not None and not current_app.debug:
        return cached
    folder = Path(current_app.static_folder or "static")
    prefix = current_app.static_url_path
    imports = {
        f"{prefix}/{path}": url_for("static", filename=path)
        for sub in MODULE_FOLDERS
        for path in sorted(p.relative_to(folder).as_posix() for p in (folder / sub).rglob("*.js"))
    }
    text = json.dumps({"imports": imports}, separators=(",", ":"))
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    cached = (text, f"'sha256-{digest}'")
    current_app.extensions["agora_import_map"] = cached
    return cached


def import_map_tag() -> Markup:
    """`<script type="importmap">`, before a page's first module script."""
    return Markup('<script type="importmap">{}</script>').format(Markup(import_map()[0]))
