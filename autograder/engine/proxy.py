"""One submission's sandbox worker as the trusted side drives it: start, load, calls, crashes.

Every call crosses the sandbox boundary here: the request goes in by value, the reply comes back
by value (handles for objects that stay there), errors come back as
:class:`~autograder.errors.StudentError`, and a call past its budget kills the worker
(:class:`~autograder.errors.StudentTimeout`); the next test gets a restarted one. What tests
hold (``student``, ``reference``) is in :mod:`autograder.engine.namespaces`.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..course import Limits
from ..errors import NotAnswered, ProtocolError, SandboxCrashed, StudentError, StudentTimeout
from ..sandbox.base import Backend, Spawned
from ..wire.codec import decode, encode
from ..wire.protocol import FrameChannel, PeerClosed
from ..worker.executor import Cell, CellOutcome

__all__ = ["LoadReport", "SandboxSession", "Training"]


@dataclass
class Training:
    """One training call of a lab (``student.train``): how long it took and how it ended."""

    test: str
    label: str
    seconds: float
    budget: float
    status: str  # "returned" | "raised" | "stopped at the budget" | "crashed"


@dataclass
class LoadReport:
    """What happened when the submission's cells ran (once per worker start)."""

    cells: list[CellOutcome] = field(default_factory=list)
    output: str = ""
    error: str = ""  # the load itself failed (timeout, crash): the worker is gone
    seconds: float = 0.0


class SandboxSession:
    """One submission's worker: started lazily, restarted after a crash, a bounded number of times."""

    def __init__(
        self, backend: Backend, cells: Sequence[Cell], support_source: str | None, limits: Limits
    ) -> None:
        self.backend = backend
        self.cells = list(cells)
        self.support_source = support_source
        self.limits = limits
        self.spawned: Spawned | None = None
        self.channel: FrameChannel | None = None
        self.starts = 0
        self.loads: list[LoadReport] = []
        self.crashes: list[str] = []
        self.calls = 0
        self._prestarted: Spawned | None = None
        self._adopted = False
        self.warm_starts = 0  # workers that were forked warm (adopted), not started cold
        self.pending_seed: int | None = None
        self.current_test = ""  # set by the plugin, so training calls say where they ran
        # Set by the plugin while a test's body runs: a stub there raises NotAnswered. Not in a
        # fixture: pytest caches only an Exception raised in a fixture's setup (a BaseException
        # would leave a module-scoped training fixture half set up for the tests that share it).
        self.in_test_body = False
        self.trainings: list[Training] = []
        self.fatal: StudentError | None = None  # a crash or timeout in the current test
        self.dead: StudentError | None = (
            None  # the cells themselves crash or hang: no restart helps
        )

    # -- life cycle ------------------------------------------------------------------------
    def _start(self) -> None:
        if self.starts > self.limits.restarts:
            raise SandboxCrashed(
                f"your notebook crashed or timed out {self.starts} times; it is not restarted again"
                + (f" (last: {self.crashes[-1]})" if self.crashes else ""),
                kind="SandboxCrashed",
            )
        self.starts += 1
        if self._prestarted is not None and self._prestarted.proc.poll() is None:
            spawned, self._prestarted = self._prestarted, None
            self.warm_starts += int(self._adopted)
        else:
            spawned = self.backend.spawn(self.limits)
        assert spawned.proc.stdin is not None and spawned.proc.stdout is not None
        self.spawned = spawned
        self.channel = FrameChannel(spawned.proc.stdout.fileno(), spawned.proc.stdin.fileno())
        report = LoadReport()
        start = time.perf_counter()
        try:
            reply = self._request(
                {
                    "op": "load",
                    "cells": [[c.id, c.role, c.source] for c in self.cells],
                    "support": self.support_source,
                    "output_cap": self.limits.output_bytes,
                    "value_cap": self.limits.value_bytes,
                },
                timeout=self.limits.cell_seconds + 30.0,  # + worker start-up (import torch)
                what="running your notebook's cells",
            )
            report.cells = [CellOutcome(**c) for c in reply["cells"]]
            report.output = str(reply.get("output", ""))
        except StudentError as exc:
            report.error = str(exc)
            report.seconds = time.perf_counter() - start
            self.loads.append(report)
            self.dead = exc
            raise
        report.seconds = time.perf_counter() - start
        self.loads.append(report)

    def adopt(self, spawned: Spawned) -> None:
        """Use a worker started elsewhere (a warm fork) as the first worker."""
        self._prestarted = spawned
        self._adopted = True

    def prestart(self) -> None:
        """Start the worker process now (it imports torch while the trusted side gets ready);
        the cells are sent on first use."""
        if self._prestarted is None and self.spawned is None:
            self._prestarted = self.backend.spawn(self.limits)

    def ensure(self) -> None:
        if self.spawned is None or self.spawned.proc.poll() is not None:
            if self.spawned is not None:  # a dead worker; the prestarted one stays for _start
                self.spawned.kill()
            self.spawned = None
            self.channel = None
            self._start()

    def stop(self) -> None:
        if self._prestarted is not None:
            self._prestarted.kill()
            self._prestarted = None
        if self.spawned is not None:
            self.spawned.kill()
        self.spawned = None
        self.channel = None

    def _crash(self, message: str, cls: type[StudentError] = SandboxCrashed) -> StudentError:
        detail = ""
        if self.spawned is not None and cls is StudentTimeout:
            self.spawned.kill()
        elif self.spawned is not None:
            # The stream ended: let the worker's exit status arrive (the process backend
            # relays it from inside its PID namespace) before making sure it is gone.
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.spawned.proc.wait(timeout=2)
            self.spawned.kill()
            code = self.spawned.proc.returncode
            err = self.spawned.stderr_text().strip()
            err = "\n".join(
                line for line in err.splitlines() if not line.startswith("confine-note:")
            )
            if code is not None and self.spawned.backend == "docker" and code > 128:
                code = 128 - code  # `docker run` reports a worker killed by signal n as 128 + n
            if code is not None and code < 0:
                import signal

                try:
                    detail = f" (killed by {signal.Signals(-code).name})"
                except ValueError:
                    detail = f" (signal {-code})"
            elif code is not None:
                detail = f" (exit status {code})"
            if err:
                detail += f"; its last words: {err[-600:]}"
        self.spawned = None
        self.channel = None
        self.crashes.append(message + detail)
        return cls(message + detail, kind=cls.__name__)

    def _request(
        self, req: dict[str, Any], *, timeout: float, what: str, budget_note: str = ""
    ) -> Any:
        assert self.channel is not None
        try:
            payload = encode(req)
        except ProtocolError as exc:  # a test passed something that is not data: the test's bug
            raise TypeError(f"cannot send this argument into the sandbox: {exc}") from None
        try:
            self.channel.send(payload, timeout=timeout)
            raw = self.channel.recv(timeout=timeout, limit=self.limits.value_bytes + 1024)
            reply = decode(raw)
        except TimeoutError:
            raise self._crash(
                budget_note or f"your code ran past {timeout:g} s while {what}", StudentTimeout
            ) from None
        except PeerClosed:
            raise self._crash(f"your code ended the Python process while {what}") from None
        except ProtocolError as exc:
            raise self._crash(
                f"the sandbox sent a malformed or oversized value while {what}: {exc}"
            ) from None
        if not isinstance(reply, dict) or "ok" not in reply:
            raise self._crash(f"the sandbox sent a malformed reply while {what}")
        if reply["ok"] is True:
            return reply if req["op"] == "load" else reply.get("value")
        err = reply.get("error")
        if not isinstance(err, dict):
            raise self._crash(f"the sandbox sent a malformed error while {what}")
        kind = str(err.get("kind", "Exception"))
        message = str(err.get("message", ""))
        tb = str(err.get("traceback", ""))
        missing = req.get("target", {}).get("name") if isinstance(req.get("target"), dict) else None
        if kind == "NotImplementedError":
            text = f"{what}: not answered yet (it still raises NotImplementedError)"
        elif kind == "NameError" and missing and message == f"name {missing!r} is not defined":
            text = (
                f"`{missing}` is not defined by your notebook: its answer cell is missing, raised an error "
                "before defining it, or spells the name differently"
            )
        else:
            text = f"{what}: your code raised {kind}: {message}"
        error = StudentError(text, kind=kind, student_traceback=tb, call=what)
        if error.not_answered and self.in_test_body:
            raise NotAnswered(error) from error
        raise error

    def begin_test(self, seed: int) -> None:
        """A new test: forget the previous test's crash and reseed before its first call."""
        self.fatal = None
        self.pending_seed = seed

    def request(
        self,
        req: dict[str, Any],
        what: str,
        *,
        timeout: float | None = None,
        budget_note: str = "",
    ) -> Any:
        """One call into the sandbox. After a crash or timeout the rest of the same test fails
        at once with the same error (hypothesis would otherwise re-run a 10 s loop to shrink it);
        the next test gets a restarted worker."""
        if self.dead is not None:
            raise type(self.dead)(str(self.dead), kind=self.dead.kind)
        if self.fatal is not None:
            raise type(self.fatal)(str(self.fatal), kind=self.fatal.kind)
        try:
            self.ensure()
            if self.pending_seed is not None:
                seed, self.pending_seed = self.pending_seed, None
                self._request({"op": "seed", "seed": seed}, timeout=5.0, what="seeding")
            self.calls += 1
            return self._request(
                req,
                timeout=self.limits.call_seconds if timeout is None else timeout,
                what=what,
                budget_note=budget_note,
            )
        except (StudentTimeout, SandboxCrashed) as exc:
            self.fatal = exc
            raise

    def reseed(self, seed: int) -> None:
        """Start a fresh unit of work (a training fixture): forget an earlier crash, reseed."""
        self.begin_test(seed)

    def train(self, req: dict[str, Any], label: str) -> Any:
        """A training call: the ``train_seconds`` budget, fixed threads, and a record of its time."""
        budget = self.limits.train_seconds
        req = {**req, "op": "train", "threads": self.limits.train_threads}
        start = time.perf_counter()
        status = "raised"
        try:
            value = self.request(
                req,
                what=f"training with `{label}`",
                timeout=budget,
                budget_note=f"training stopped after {budget:g} s (budget): `{label}` had not "
                "returned; train for fewer steps, or make each step cheaper",
            )
            status = "returned"
            return value
        except StudentTimeout:
            status = "stopped at the budget"
            raise
        except SandboxCrashed:
            status = "crashed"
            raise
        finally:
            self.trainings.append(
                Training(self.current_test, label, time.perf_counter() - start, budget, status)
            )

    def output(self) -> str:
        if self.spawned is None:
            return ""
        try:
            return str(self._request({"op": "output"}, timeout=5.0, what="collecting output"))
        except StudentError:
            return ""

    @property
    def last_load(self) -> LoadReport | None:
        return self.loads[-1] if self.loads else None
