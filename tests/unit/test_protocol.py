"""Frames: whole values across pipes, deadlines, size caps and a closed peer."""

from __future__ import annotations

import io
import os
import threading

import pytest

from autograder.errors import ProtocolError
from autograder.wire.protocol import (
    FrameChannel,
    PeerClosed,
    read_frame_blocking,
    write_frame_blocking,
)


def _pair() -> tuple[FrameChannel, int, int]:
    r_in, w_in = os.pipe()  # worker -> grader
    r_out, w_out = os.pipe()  # grader -> worker
    return FrameChannel(r_in, w_out), w_in, r_out


def test_round_trip_of_a_large_frame() -> None:
    chan, w_in, r_out = _pair()
    payload = os.urandom(3 * 1024 * 1024)

    def worker() -> None:
        with os.fdopen(r_out, "rb") as rf, os.fdopen(w_in, "wb") as wf:
            write_frame_blocking(wf, read_frame_blocking(rf)[::-1])

    t = threading.Thread(target=worker)
    t.start()
    chan.send(payload, timeout=10)
    assert chan.recv(timeout=10, limit=10 * 1024 * 1024) == payload[::-1]
    t.join()


def test_deadline_and_cap_and_closed_peer() -> None:
    chan, w_in, _ = _pair()
    with pytest.raises(TimeoutError):
        chan.recv(timeout=0.2, limit=100)
    os.write(w_in, (10**6).to_bytes(4, "big"))
    with pytest.raises(ProtocolError, match="limit"):
        chan.recv(timeout=1, limit=1000)
    chan2, w2, _unused = _pair()
    os.close(w2)
    with pytest.raises(PeerClosed):
        chan2.recv(timeout=1, limit=100)


def test_blocking_reader_rejects_oversized_and_truncated_frames() -> None:
    with pytest.raises(ProtocolError):
        read_frame_blocking(io.BytesIO((500).to_bytes(4, "big") + b"x" * 500), limit=100)
    with pytest.raises(PeerClosed):
        read_frame_blocking(io.BytesIO((50).to_bytes(4, "big") + b"x" * 10))
