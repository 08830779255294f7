"""The batch's warm runner servers (:mod:`.warm`): one per grading job, started together and in
the background as soon as the command knows how many it needs, so that their ~2 s of imports
overlap each other, the command's own start-up and the collection of the tests.

A run takes an idle server and gives it back; a lost or timed-out server is dropped, and the
next run starts a new one. ``close_servers`` stops them all, also those still starting.
"""

from __future__ import annotations

import os
import threading

from .warm import RunnerServer

__all__ = ["ServerPool", "close_servers", "pool", "start_servers"]


class ServerPool:
    """Warm runner servers shared by a batch's grading threads."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._idle: list[RunnerServer] = []
        self._all: list[RunnerServer] = []
        self._starting = 0
        self._generation = 0

    def prestart(self, n: int) -> None:
        """Start servers in the background until ``n`` exist or are starting."""
        with self._cond:
            missing = n - len(self._all) - self._starting
            self._starting += max(missing, 0)
            generation = self._generation
        for _ in range(missing):
            threading.Thread(target=self._start, args=(generation,), daemon=True).start()

    def _start(self, generation: int) -> None:
        try:
            server: RunnerServer | None = RunnerServer()
        except (TimeoutError, EOFError, OSError):
            server = None  # acquire() starts one in the caller, where the error is reported
        with self._cond:
            self._starting -= 1
            if server is not None and generation == self._generation:
                self._all.append(server)
                self._idle.append(server)
                server = None
            self._cond.notify_all()
        if server is not None:  # the batch closed while this one was starting
            server.close()

    def acquire(self) -> RunnerServer:
        dead: list[RunnerServer] = []
        try:
            with self._cond:
                while True:
                    while self._idle:
                        server = self._idle.pop()
                        if server.alive():
                            return server
                        self._drop_locked(server)
                        dead.append(server)
                    if not self._starting:
                        break
                    self._cond.wait()
        finally:
            for s in dead:
                s.close()
        server = RunnerServer()  # raises what a failed start raised
        with self._cond:
            self._all.append(server)
        return server

    def release(self, server: RunnerServer) -> None:
        with self._cond:
            self._idle.append(server)
            self._cond.notify_all()

    def drop(self, server: RunnerServer) -> None:
        server.close()
        with self._cond:
            self._drop_locked(server)

    def _drop_locked(self, server: RunnerServer) -> None:
        if server in self._all:
            self._all.remove(server)

    def pids(self) -> list[int]:
        """The process ids of the servers that are up (for tests and benchmarks)."""
        with self._cond:
            return sorted(s.proc.pid for s in self._all)

    def wait_started(self) -> None:
        """Return once no server is still starting."""
        with self._cond:
            while self._starting:
                self._cond.wait()

    def close(self) -> None:
        with self._cond:
            servers, self._all, self._idle = self._all, [], []
            self._generation += 1
        for s in servers:
            s.close()


pool = ServerPool()


def start_servers(n: int) -> None:
    """Have ``n`` warm runner servers up or starting (``--jobs``: one per grading thread).

    ``AUTOGRADER_WARM=0`` (every run in a cold interpreter) starts none."""
    if os.environ.get("AUTOGRADER_WARM") != "0":
        pool.prestart(n)


def close_servers() -> None:
    """Stop every warm runner server (end of a batch, or interrupt)."""
    pool.close()
