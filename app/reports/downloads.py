"""A report as a download: JSON as the API gives it, or CSV in long form (metric, key, value)
so a spreadsheet can pivot it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.core.spreadsheet import csv_stream

HEADLINE = (
    "participants",
    "contributors",
    "posts",
    "posts_submitted",
    "replies",
    "reactions",
    "flags",
    "peak_online",
)


def rows(figures: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    for name in HEADLINE:
        yield name, "", figures[name]
    yield "peak_online_at", "", figures["peak_online_at"] or ""
    for group in ("by_country", "by_town", "by_language"):
        for row in figures[group]:
            yield f"{group}.participants", row["key"], row["participants"]
            yield f"{group}.contributors", row["key"], row["contributors"]
    for language, n in figures["posts_by_language"].items():
        yield "posts_by_language", language, n
    for bucket in figures["posts_over_time"]["buckets"]:
        yield f"posts_per_{figures['posts_over_time']['unit']}", bucket["start"], bucket["posts"]
    moderation = figures["moderation"]
    for action, n in moderation["decisions"].items():
        yield "moderation.decisions", action, n
    for reason, n in moderation["reasons"].items():
        yield "moderation.reasons", reason, n
    for key in ("decided", "p50", "p90"):
        value = moderation["queue_wait_seconds"][key]
        yield "moderation.queue_wait_seconds", key, "" if value is None else value
    for name, target in figures["targets"].items():
        yield f"target.{name}", "target", target["target"]
        yield f"target.{name}", "reached", target["reached"]


def csv_lines(figures: dict[str, Any]) -> Iterator[str]:
    return csv_stream(("metric", "key", "value"), rows(figures))
