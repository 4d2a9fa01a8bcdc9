"""Process-level tuning for a long-running server, applied once the app is built.

Measured with the benchmark (docs/benchmarks.md): with 1,000 connected clients the delivery
p99 was set by full garbage collections of 50-100 ms, three times as frequent as the bare
server's because every request allocates ORM objects. Freezing what start-up built takes it out
of every collection; a higher first threshold lets short-lived request garbage die young in
far fewer, cheaper passes and makes full collections rarer."""

from __future__ import annotations

import gc

GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
