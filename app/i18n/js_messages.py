"""Every string the page scripts show, translated on the server for the page's locale and handed
to the scripts as JSON (so one catalogue serves Python, Jinja and JavaScript)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "connected": _l("Live"),
    "connecting": _l("Connecting…"),
    "reconnecting": _l("Reconnecting… Your draft is kept."),
    "offline": _l("Offline. Your draft is kept and will be sent when the connection is back."),
    "online": _l("Online now: %(count)s"),
    "paused": _l("Live updates paused. %(count)s new."),
    "pause": _l("Pause live updates"),
    "resume": _l("Resume live updates"),
    "new_post": _l("New post by %(name)s"),
    "new_reply": _l("New reply by %(name)s"),
    "reply": _l("Reply"),
    "reply_to": _l("Replying to %(name)s"),
    "in_reply_to": _l("In reply to %(name)s"),
    "in_reply_to_earlier": _l("In reply to an earlier post"),
    "cancel_reply": _l("Cancel reply"),
    "awaiting": _l("Awaiting moderation"),
    "sending": _l("Sending…"),
    "sent": _l("Your post was published."),
    "sent_pending": _l("Your post was sent and awaits moderation."),
    "queued": _l("Not connected: your post will be sent when the connection is back."),
    "agree": _l("Agree"),
    "disagree": _l("Disagree"),
    "insightful": _l("Insightful"),
    "chars_left": _l("%(count)s characters left"),
    "removed": _l("A post was removed from view."),
    "error": _l("Something went wrong. Please try again."),
}


def js_messages() -> dict[str, str]:
    return {key: str(value) for key, value in MESSAGES.items()}
