"""Length-prefixed frames over a pair of pipes, with deadlines on the trusted side.

A frame is a 4-byte big-endian length followed by that many bytes of :mod:`autograder.wire.codec`
data. The trusted side reads with a deadline and a size cap, so a worker that hangs, floods
or sends garbage costs one failed test, never a stuck or crashed grader.
"""

from __future__ import annotations

import os
import select
import struct
import time
from typing import BinaryIO

from ..errors import ProtocolError

__all__ = ["FrameChannel", "read_frame_blocking", "write_frame_blocking"]

_HEADER = struct.Struct(">I")
MAX_FRAME = 2**32 - 1


class PeerClosed(EOFError):
    """The other end closed the pipe (the worker exited or was killed)."""


class FrameChannel:
    """The trusted side's end: write requests to ``wfd``, read replies from ``rfd``."""

    def __init__(self, rfd: int, wfd: int) -> None:
        self.rfd = rfd
        self.wfd = wfd
        os.set_blocking(rfd, False)
        os.set_blocking(wfd, False)
        self._buf = bytearray()

    def send(self, payload: bytes, *, timeout: float) -> None:
        """Write one frame; ``TimeoutError`` if the peer stops reading for ``timeout`` s."""
        data = memoryview(_HEADER.pack(len(payload)) + payload)
        deadline = time.monotonic() + timeout
        while data:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("peer stopped reading")
            _, ready, _ = select.select([], [self.wfd], [], remaining)
            if not ready:
                continue
            try:
                n = os.write(self.wfd, data[: 1 << 20])
            except BlockingIOError:
                continue
            except (BrokenPipeError, ConnectionResetError) as exc:
                raise PeerClosed("worker closed its input") from exc
            data = data[n:]

    def _fill(self, need: int, deadline: float) -> None:
        while len(self._buf) < need:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no reply in time")
            ready, _, _ = select.select([self.rfd], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(self.rfd, max(need - len(self._buf), 1 << 16))
            except BlockingIOError:
                continue
            if not chunk:
                raise PeerClosed("worker closed its output")
            self._buf += chunk

    def recv(self, *, timeout: float, limit: int) -> bytes:
        """Read one frame within ``timeout`` s; ``ProtocolError`` if it announces more than ``limit`` bytes."""
        deadline = time.monotonic() + timeout
        self._fill(_HEADER.size, deadline)
        (length,) = _HEADER.unpack(self._buf[: _HEADER.size])
        if length > limit:
            raise ProtocolError(
                f"the sandbox sent a value of {length:,} bytes; the limit is {limit:,} bytes"
            )
        self._fill(_HEADER.size + length, deadline)
        payload = bytes(self._buf[_HEADER.size : _HEADER.size + length])
        del self._buf[: _HEADER.size + length]
        return payload


def _read_exact(stream: BinaryIO, n: int) -> bytes:
    parts = []
    while n:
        chunk = stream.read(n)
        if not chunk:
            raise PeerClosed("input closed")
        parts.append(chunk)
        n -= len(chunk)
    return b"".join(parts)


def read_frame_blocking(stream: BinaryIO, *, limit: int = MAX_FRAME) -> bytes:
    """The worker's end: block until one whole frame has arrived."""
    (length,) = _HEADER.unpack(_read_exact(stream, _HEADER.size))
    if length > limit:
        raise ProtocolError(f"frame of {length} bytes exceeds {limit}")
    return _read_exact(stream, length)


def write_frame_blocking(stream: BinaryIO, payload: bytes) -> None:
    """The worker's end: write one frame and flush."""
    stream.write(_HEADER.pack(len(payload)))
    stream.write(payload)
    stream.flush()
