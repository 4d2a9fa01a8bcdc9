"""A lean Socket.IO client (Engine.IO 4, Socket.IO 5 over one RFC 6455 WebSocket) written on
asyncio's Protocol, so that thousands of them fit in one process and the load client stays
much cheaper than the server it measures: frames are parsed in `data_received` without a
coroutine per message, and deliveries are recognised by a marker in the post body
("b:<n>:") found with a bytes search instead of a JSON parse.

It speaks only what the benchmark needs: connect with auth, emit with ack, receive events,
answer pings. Outgoing frames use an all-zero mask (valid RFC 6455; the payload is unchanged)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import struct
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

MARKER = b'"b:'
EVENT_POST = b'42["post_published"'


class _Protocol(asyncio.Protocol):
    def __init__(self, client: Client) -> None:
        self.client = client
        self.buffer = bytearray()
        self.upgraded = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(buffer[:end]).split(b"\r\n", 1)[0]
            del buffer[: end + 4]
            if b" 101 " not in status:
                self.client._fail(ConnectionError(status.decode(errors="replace")))
                return
            self.upgraded = True
        while len(buffer) >= 2:
            opcode = buffer[0] & 0x0F
            length = buffer[1] & 0x7F
            start = 2
            if length == 126:
                if len(buffer) < 4:
                    return
                length = struct.unpack_from("!H", buffer, 2)[0]
                start = 4
            elif length == 127:
                if len(buffer) < 10:
                    return
                length = struct.unpack_from("!Q", buffer, 2)[0]
                start = 10
            if len(buffer) < start + length:
                return
            payload = bytes(buffer[start : start + length])
            del buffer[: start + length]
            if opcode == 1:
                self.client._packet(payload)
            elif opcode == 9:
                self.client._send_frame(payload, opcode=10)
            elif opcode == 8:
                self.transport.close()  # type: ignore[union-attr]
                return

    def connection_lost(self, exc: Exception | None) -> None:
        self.client._lost(exc)


class Client:
    def __init__(self, base: str, token: str | None = None) -> None:
        self.base = base
        self.url = base.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.token = token
        self.on_delivery: Callable[[int, float], None] | None = None
        # Every other event as (name, payload) when set (tests); off for the load runs.
        self.events: list[tuple[str, Any]] | None = None
        self.connected = False
        self._protocol: _Protocol | None = None
        self._acks: dict[int, asyncio.Future] = {}
        self._next_ack = 0
        self._handshake: asyncio.Future | None = None
        self._closed: asyncio.Future | None = None

    async def connect(self, timeout: float = 20) -> None:
        loop = asyncio.get_running_loop()
        parts = urlsplit(self.base)
        self._handshake = loop.create_future()
        self._closed = loop.create_future()
        _transport, self._protocol = await asyncio.wait_for(
            loop.create_connection(lambda: _Protocol(self), parts.hostname, parts.port), timeout
        )
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
            f"Host: {parts.hostname}:{parts.port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self._protocol.transport.write(request.encode())  # type: ignore[union-attr]
        await asyncio.wait_for(self._handshake, timeout)
        self.connected = True

    # --- incoming -------------------------------------------------------------------------

    def _packet(self, payload: bytes) -> None:
        if payload.startswith(EVENT_POST) and self.events is None:
            if self.on_delivery is not None:
                at = payload.find(MARKER)
                if at >= 0:
                    start = at + len(MARKER)
                    end = payload.index(b":", start)
                    self.on_delivery(int(payload[start:end]), time.perf_counter())
        elif self.events is not None and payload.startswith(b"42["):
            name, *data = json.loads(payload[2:])
            self.events.append((name, data[0] if data else None))
        elif payload == b"2":
            self._send_frame(b"3")
        elif payload.startswith(b"43"):
            bracket = payload.index(b"[")
            future = self._acks.pop(int(payload[2:bracket]), None)
            if future is not None and not future.done():
                future.set_result(json.loads(payload[bracket:])[0])
        elif payload.startswith(b"0"):  # Engine.IO open: connect the namespace
            auth = json.dumps({"token": self.token}) if self.token else ""
            self._send_frame(("40" + auth).encode())
        elif payload.startswith(b"40"):
            if self._handshake and not self._handshake.done():
                self._handshake.set_result(True)
        elif payload.startswith(b"44"):
            self._fail(ConnectionError(payload.decode(errors="replace")))
        elif payload == b"41":  # the server closed the namespace: no longer connected
            self.connected = False

    def _fail(self, error: Exception) -> None:
        if self._handshake and not self._handshake.done():
            self._handshake.set_exception(error)
        if self._protocol and self._protocol.transport:
            self._protocol.transport.close()

    def _lost(self, exc: Exception | None) -> None:
        self.connected = False
        self._fail(exc or ConnectionError("closed"))
        for future in self._acks.values():
            if not future.done():
                future.set_exception(ConnectionError("closed"))
        self._acks.clear()
        if self._closed and not self._closed.done():
            self._closed.set_result(True)

    # --- outgoing -------------------------------------------------------------------------

    def _send_frame(self, payload: bytes, opcode: int = 1) -> None:
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        transport = self._protocol.transport if self._protocol else None
        if transport is not None and not transport.is_closing():
            transport.write(header + b"\0\0\0\0" + payload)

    async def emit(self, event: str, data: Any, timeout: float = 30) -> Any:
        if not self.connected:
            raise ConnectionError("not connected")
        self._next_ack += 1
        ack_id = self._next_ack
        future = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = future
        message = json.dumps([event, data], separators=(",", ":"))
        self._send_frame(f"42{ack_id}{message}".encode())
        return await asyncio.wait_for(future, timeout)

    async def close(self) -> None:
        transport = self._protocol.transport if self._protocol else None
        if transport is None:
            return  # never connected
        if not transport.is_closing():
            self._send_frame(b"", opcode=8)
            transport.close()
        if self._closed is not None:
            await asyncio.gather(self._closed, return_exceptions=True)
