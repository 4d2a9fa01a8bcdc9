"""Every string the page scripts show, translated on the server for the page's locale and handed
to the scripts as JSON (so one catalogue serves Python, Jinja and JavaScript)."""

from __future__ import annotations

from typing import NamedTuple

from babel import Locale
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l


class Plural(NamedTuple):
    """A message whose words change with a number (`%(count)s`): the page script picks the
    form for the reader's language with Intl.PluralRules."""

    singular: str
    plural: str


_forms_cache: dict[tuple[Plural, str], dict[str, str]] = {}


def _plural_forms(message: Plural, lang: str) -> dict[str, str]:
    """Cached per message and language: the catalogues do not change while a process runs."""
    key = (message, lang)
    if key not in _forms_cache:
        _forms_cache[key] = _sampled_forms(message, lang)
    return _forms_cache[key]


def _sampled_forms(message: Plural, lang: str) -> dict[str, str]:
    """The translated form for each of the language's CLDR plural categories that whole
    numbers reach ("one", "few", "many", "other", ...), found by asking gettext for a sample
    number of each category."""
    rule = Locale.parse(lang).plural_form
    translations = get_translations()
    forms: dict[str, str] = {}
    # 1 before 0: where a category holds both (Portuguese "one": 0 and 1), the sample must
    # be the number the category is for, or "1" would get the form gettext gives 0.
    for n in (*range(1, 200), 0, 1000, 1_000_000):
        category = rule(n)
        if category not in forms:
            forms[category] = translations.ngettext(message.singular, message.plural, n)
    return forms


# Moderation reasons, shown to moderators and to the authors they decide on.
REASON_LABELS = {
    "off_topic": _l("Off-topic"),
    "offensive": _l("Offensive"),
    "spam": _l("Spam"),
    "personal_data": _l("Personal data"),
    "misinformation": _l("Misinformation"),
    "other": _l("Other"),
}


def reason_label(code: str | None) -> str:
    """A moderation reason code in the reader's language (reports, transcripts)."""
    return str(REASON_LABELS.get(code or "") or _l("No reason given"))


MESSAGES = {
    "connected": _l("Live"),
    "connecting": _l("Connecting…"),
    "reconnecting": _l("Reconnecting… Your draft is kept."),
    "offline": _l("Offline. Your draft is kept and will be sent when the connection is back."),
    "online": _l("Online now: %(count)s"),
    "paused": Plural(
        "Live updates paused. %(count)s new post.", "Live updates paused. %(count)s new posts."
    ),
    "pause": _l("Pause live updates"),
    "resume": _l("Resume live updates"),
    "new_post": _l("New post by %(name)s"),
    "new_posts": _l("New posts: %(count)s. Show them"),
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
    "chars_left": Plural("%(count)s character left", "%(count)s characters left"),
    "removed": _l("A post was removed from view."),
    "state_scheduled": _l("Scheduled"),
    "state_live": _l("Live now"),
    "state_closed": _l("Closed"),
    "session_live": _l("The session has started: you can post now."),
    "session_live_reload": _l("The session has started. Reload the page to take part."),
    "session_closed": _l("The session is closed: it no longer accepts posts. Your draft is kept."),
    "session_scheduled": _l("The session is not open for posts at the moment."),
    "reload": _l("Reload"),
    "error": _l("Something went wrong. Please try again."),
    "status_published": _l("A moderator approved your post: it is now public."),
    "status_rejected": _l("A moderator did not publish your post. Reason: %(reason)s"),
    "status_hidden": _l("A moderator hid your post. Reason: %(reason)s"),
    "not_published": _l("Not published"),
    "no_reason": _l("none given"),
    "appeal_sent": _l("Your appeal was sent. A moderator will look at it."),
    "report": _l("Report"),
    "report_reason": _l("Why should a moderator look at this post?"),
    "report_text": _l("Details (needed for “Other”)"),
    "send_report": _l("Send report"),
    "cancel": _l("Cancel"),
    "reported": _l("Thank you. A moderator will look at this post."),
    "already_reported": _l("You have already reported this post."),
    "share": _l("Share"),
    "link_copied": _l("Link copied. You can paste it anywhere."),
    "copy_link": _l("Copy this link"),
    "translate": _l("Translate"),
    "translating": _l("Translating…"),
    "hide_translation": _l("Hide translation"),
    "machine_translation": _l("Machine translation from %(language)s:"),
    **REASON_LABELS,
}


TRANSLATION_KEYS = ("translate", "translating", "hide_translation", "machine_translation")

MODERATION_MESSAGES = {
    "connected": MESSAGES["connected"],
    "connecting": MESSAGES["connecting"],
    "reconnecting": MESSAGES["reconnecting"],
    "offline": MESSAGES["offline"],
    "pre_moderation": _l("Awaiting approval"),
    "flagged": _l("Flagged"),
    "word_filter": _l("Word filter"),
    "appeal": _l("Appeal"),
    "appeal_text": _l("The author asks to reconsider: %(text)s"),
    "taken": _l("Open with %(name)s"),
    "restrict": _l("Restrict the author"),
    "restrict_mute_session_hour": _l("Mute for 1 hour in this session"),
    "restrict_mute_session": _l("Mute in this session"),
    "restrict_ban_debate": _l("Ban from this debate"),
    "apply": _l("Apply"),
    "restricted": _l("The author's participation is restricted."),
    "saved": _l("Saved. Participants see the change at once."),
    "restore": _l("Restore"),
    "restored": _l("Restored: the post is public again."),
    "decided_hide": _l("Hidden by %(name)s"),
    "decided_reject": _l("Rejected by %(name)s"),
    "lift": _l("Lift"),
    "lifted": _l("Lifted."),
    "for_good": _l("until lifted"),
    "ban_mute_session": _l("may not post in this session"),
    "ban_mute_debate": _l("may not post in this debate"),
    "ban_mute_all": _l("may not post anywhere"),
    "ban_ban_session": _l("may not take part in this session"),
    "ban_ban_debate": _l("may not take part in this debate"),
    "ban_ban_all": _l("may not take part anywhere"),
    "flags": _l("Flags: %(count)s"),
    "approve": _l("Approve"),
    "reject": _l("Reject"),
    "hide": _l("Hide"),
    "reason": _l("Reason"),
    "note": _l("Note (optional)"),
    "in_reply_to": MESSAGES["in_reply_to"],
    "record": _l("In this session: %(posts)s posts, %(rejected)s rejected, %(hidden)s hidden"),
    "waiting": _l("Waiting: %(count)s"),
    "empty": _l("Nothing is waiting. New items appear here live."),
    "decided_by": _l("Decided by %(name)s"),
    "new_item": _l("New item in the queue"),
    "conflict": _l("Someone else has already decided this post."),
    "done_approve": _l("Approved."),
    "done_reject": _l("Rejected."),
    "done_hide": _l("Hidden."),
    "error": MESSAGES["error"],
    **{key: MESSAGES[key] for key in TRANSLATION_KEYS},
    **REASON_LABELS,
}


def js_messages(messages: dict | None = None) -> dict[str, str | dict[str, str]]:
    """A page script's strings in the current locale; plural messages as their forms by
    plural category."""
    from app.i18n.locale import current_language  # locale imports this module

    lang = current_language()
    return {
        key: _plural_forms(value, lang) if isinstance(value, Plural) else str(value)
        for key, value in (messages or MESSAGES).items()
    }
