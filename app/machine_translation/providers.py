"""Translation providers. A provider turns plain text from one language into another, or raises
ProviderError; it never sees who asked. Agora ships LibreTranslate's HTTP API (self-hostable, so
posts need not leave the programme's own servers) and none by default."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Protocol

from flask import Flask, current_app

log = logging.getLogger("agora.mt")


class ProviderError(Exception):
    """The provider failed, refused or timed out; the reason is for the log, not the reader."""


class Provider(Protocol):
    name: str

    def translate(self, text: str, source: str, target: str) -> str: ...


class LibreTranslate:
    """LibreTranslate's `POST /translate` (https://libretranslate.com/docs)."""

    name = "libretranslate"

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/") + "/translate"
        self.api_key = api_key
        self.timeout = timeout

    def translate(self, text: str, source: str, target: str) -> str:
        body = {"q": text, "source": source, "target": target, "format": "text"}
        if self.api_key:
            body["api_key"] = self.api_key
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read(1_000_000))
        except urllib.error.HTTPError as err:
            raise ProviderError(f"HTTP {err.code}: {err.read(500)!r}") from err
        except (OSError, ValueError) as err:  # refused, timed out, not JSON
            raise ProviderError(str(err) or type(err).__name__) from err
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, str) or not translated.strip():
            raise ProviderError(f"unexpected answer: {str(answer)[:200]}")
        return translated


def configure(app: Flask) -> Provider | None:
    """The provider AGORA_MT_URL names, or None (machine translation off)."""
    url = app.config.get("AGORA_MT_URL")
    if not url:
        return None
    return LibreTranslate(url, app.config.get("AGORA_MT_KEY"), app.config["AGORA_MT_TIMEOUT"])


def current_provider() -> Provider | None:
    return current_app.extensions.get("agora_mt")


def is_enabled() -> bool:
    """Whether a provider is configured (pages show "Translate" buttons only then)."""
    return current_provider() is not None
