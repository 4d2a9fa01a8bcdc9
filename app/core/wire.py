"""Encode a broadcast once, not once per reader.

python-socketio already builds one Engine.IO packet per room broadcast and engineio caches its
text, so every reader's writer hands the *same* string to the WebSocket. eventlet's WebSocket
then encodes it to UTF-8 and frames it again for each reader: at 1,000 readers that is 1,000
identical frames per post. `frame_once` remembers the last few frames by the identity of the
string they were made from (holding the string, so the identity cannot be reused), which is
exact: an unmasked, unfragmented, uncompressed server frame depends on the text alone.

Applied by create_app under eventlet only (wsgi.py's server); the other modes are untouched."""

from __future__ import annotations

from typing import Any

_RECENT = 4  # broadcasts in flight at once to different readers (a post, reactions, presence)


def frame_once() -> None:
    from eventlet.websocket import RFC6455WebSocket

    original = RFC6455WebSocket._pack_message
    if getattr(original, "agora_frame_once", False):
        return
    recent: list[tuple[str, bytes]] = []

    def _pack_message(self: Any, message: Any, masked: bool = False, **options: Any) -> bytes:
        if options or masked or not isinstance(message, str) or self._get_permessage_deflate_enc():
            return original(self, message, masked=masked, **options)
        for text, frame in recent:
            if text is message:
                return frame
        frame = original(self, message)
        recent.insert(0, (message, frame))
        del recent[_RECENT:]
        return frame

    _pack_message.agora_frame_once = True  # type: ignore[attr-defined]
    RFC6455WebSocket._pack_message = _pack_message  # type: ignore[method-assign]
