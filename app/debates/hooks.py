"""What other areas may hook into without debates importing them (moderation does)."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent with the Post after it is flushed and before the commit, so that a receiver's changes
# and queued events share the post's transaction.
post_submitted = _signals.signal("post-submitted")
