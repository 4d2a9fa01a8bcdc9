"""The real server (eventlet, as `agora run` serves it): the WebSocket guards that the test
client bypasses — foreign origins and oversized messages are refused."""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
import urllib.error
import urllib.request

import pytest


def request(url: str, *, origin: str | None = None, data: bytes | None = None):
    headers = {"Origin": origin} if origin else {}
    if data is not None:
        headers["Content-Type"] = "text/plain;charset=UTF-8"
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def handshake(server: str, origin: str | None = None):
    return request(f"{server}/socket.io/?EIO=4&transport=polling", origin=origin)


def test_socket_from_another_origin_is_refused(server):
    status, _body = handshake(server, origin="https://evil.example")
    assert status == 400
    status, body = handshake(server, origin=server)
    assert status == 200 and '"sid"' in body


class RawWebSocket:
    """Just enough of RFC 6455 to speak Engine.IO text frames, with exact control of what is
    sent (a full client library would refuse to send the oversized frame we need)."""

    def __init__(self, server: str) -> None:
        host, port = server.removeprefix("http://").split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                f"Host: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            head += self._read(1)
        assert head.startswith(b"HTTP/1.1 101"), head

    def _read(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed by the server")
            data += chunk
        return data

    def send(self, text: str) -> None:
        payload = text.encode()
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def receive(self) -> str:
        """The next text message; ConnectionError when the server closes."""
        first, second = self._read(2)
        n = second & 0x7F
        if n == 126:
            n = struct.unpack("!H", self._read(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._read(8))[0]
        payload = self._read(n)
        if first & 0x0F == 0x8:
            raise ConnectionError("closed by the server")
        return payload.decode()

    def close(self) -> None:
        self.sock.close()


def open_socket(server: str) -> RawWebSocket:
    ws = RawWebSocket(server)
    assert ws.receive().startswith("0")  # engine.io open
    ws.send("40")
    assert ws.receive().startswith("40")  # socket.io connect
    return ws


def test_oversized_socket_message_closes_the_connection(server):
    ws = open_socket(server)
    ws.send('421["join",{"session_id":1}]')
    while not (message := ws.receive()).startswith("431"):  # answered, after events
        assert message.startswith("42")
    ws.send('422["post",{"session_id":1,"body":"' + "x" * 100_000 + '"}]')
    with pytest.raises((ConnectionError, OSError)):
        while True:  # other events (presence) may come first; then the server hangs up
            assert not ws.receive().startswith("432")
    open_socket(server).close()  # the server itself is fine


def test_health_of_the_running_server(server):
    status, body = request(f"{server}/healthz")
    assert status == 200 and json.loads(body)["database"] == "ok"


def test_oversized_long_polling_message_is_refused_at_once(server):
    """The long-polling fallback: an oversized POST is answered 413 (engineio alone would
    leave it hanging), and the connection's normal messages still go through."""
    status, body = handshake(server, origin=server)
    sid = json.loads(body[1:])["sid"]
    url = f"{server}/socket.io/?EIO=4&transport=polling&sid={sid}"
    status, _ = request(url, origin=server, data=b"4" + b"x" * 100_000)
    assert status == 413
    assert request(url, origin=server, data=b"40")[0] == 200
