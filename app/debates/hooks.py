"""What other areas may hook into without debates importing them (moderation does)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from blinker import Namespace

if TYPE_CHECKING:
    from app.accounts.models import Participant
    from app.debates.models import DebateSession, Post

_signals = Namespace()

# Sent with the Post after it is flushed and before the commit, so that a receiver's changes
# and queued events share the post's transaction.
post_submitted = _signals.signal("post-submitted")

# Sent with the DebateSession and `actor=`, `changes=` before the commit of a staff change.
session_changed = _signals.signal("session-changed")

# (action, participant, session) -> None; raise AgoraError to refuse. Actions: "post", "react".
ActionCheck = Callable[[str, "Participant", "DebateSession"], None]
# (post, not yet added) -> a reason to hold it for review, or None; raise AgoraError to refuse.
PostFilter = Callable[["Post"], "str | None"]

_action_checks: list[ActionCheck] = []
_post_filters: list[PostFilter] = []


def add_action_check(check: ActionCheck) -> None:
    if check not in _action_checks:
        _action_checks.append(check)


def add_post_filter(post_filter: PostFilter) -> None:
    if post_filter not in _post_filters:
        _post_filters.append(post_filter)


def check_action(action: str, participant: Participant, session: DebateSession) -> None:
    for check in _action_checks:
        check(action, participant, session)


def hold_reason(post: Post) -> str | None:
    """The first filter's reason to hold the post for review, if any."""
    for post_filter in _post_filters:
        reason = post_filter(post)
        if reason:
            return reason
    return None
