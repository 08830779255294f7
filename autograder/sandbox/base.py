"""The one small interface every sandbox backend implements.

A backend starts a *worker*: a process that speaks the protocol of :mod:`autograder.wire.protocol`
on its stdin/stdout (``python -m autograder.worker``), confined as the backend promises. The
trusted side never learns more about the backend than this.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from ..course import Limits

__all__ = ["Backend", "Spawned"]


@dataclass
class Spawned:
    """A running worker: its pipes, and how to make sure it is gone."""

    proc: subprocess.Popen[bytes]
    backend: str
    stderr_cap: int = 64 * 1024
    _stderr: bytearray = field(default_factory=bytearray)
    _drain: threading.Thread | None = None

    def __post_init__(self) -> None:
        # Drain the worker's fd 2 (C-level messages, a segfault's last words) so a chatty
        # worker can never block on a full pipe; keep only the first ``stderr_cap`` bytes.
        if self.proc.stderr is not None:
            self._drain = threading.Thread(target=self._drain_stderr, daemon=True)
            self._drain.start()

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        fd = self.proc.stderr.fileno()
        for chunk in iter(lambda: os.read(fd, 65536), b""):
            room = self.stderr_cap - len(self._stderr)
            if room > 0:
                self._stderr += chunk[:room]

    def stderr_text(self) -> str:
        return self._stderr.decode("utf-8", "replace")

    def kill(self) -> None:
        """Stop the worker and everything it started; idempotent."""
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):  # a kernel that does not reap
            self.proc.wait(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class Backend(ABC):
    """Starts confined workers. One backend object serves a whole batch."""

    name: str = "abstract"
    notes: list[str]  # what the backend could not do here (e.g. "no network namespace")

    @abstractmethod
    def spawn(self, limits: Limits) -> Spawned:
        """Start a fresh worker with ``limits``; it waits for the protocol's first message."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release what the backend holds (e.g. remove leftover containers)."""
