"""One WebSocket frame per broadcast: eventlet's framing is remembered by the text it framed,
and the frames are byte for byte what eventlet would have sent."""

from __future__ import annotations

import struct

from eventlet.websocket import RFC6455WebSocket

from app.core.wire import frame_once


class _Socket:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.sent.append(data)


def _websocket() -> tuple[RFC6455WebSocket, _Socket]:
    sock = _Socket()
    return RFC6455WebSocket(sock, {}, None), sock


def expected_frame(text: str) -> bytes:
    data = text.encode()
    header = struct.pack("!BB", 0x81, len(data)) if len(data) < 126 else b""
    if len(data) >= 126:
        header = struct.pack("!BBH", 0x81, 126, len(data))
    return header + data


def test_the_same_broadcast_is_framed_once_and_identically_for_every_reader():
    frame_once()
    broadcast = '42["post_published",{"body_text":"Добър ден ' + "x" * 200 + '"}]'
    readers = [_websocket() for _ in range(3)]
    for ws, _sock in readers:
        ws.send(broadcast)
    frames = [sock.sent[0] for _ws, sock in readers]
    assert frames[0] == expected_frame(broadcast)
    assert all(f is frames[0] for f in frames)  # built once, shared


def test_different_texts_get_their_own_frames():
    frame_once()
    ws, sock = _websocket()
    first, second = "42" + '["a",1]', "42" + '["b",2]'
    ws.send(first)
    ws.send(second)
    ws.send("".join(["42", '["a",1]']))  # equal text, another object: framed afresh, same bytes
    assert sock.sent == [expected_frame(first), expected_frame(second), expected_frame(first)]


def test_control_frames_and_binary_messages_are_left_to_eventlet():
    frame_once()
    ws, sock = _websocket()
    ws.send(b"\x01\x02")
    assert sock.sent[0] == b"\x82\x02\x01\x02"
