"""The ``process`` backend: a confined child process (the embedded default).

Each worker gets its own session, a fresh scratch folder, rlimits on memory, processes, file
size and CPU time, a scrubbed environment and, when the grader runs as root, private mount and
network namespaces in which the course's secrets are covered, and an unprivileged uid of its
own (one per concurrent worker, so a fork bomb counts against that worker's limit only and one
student cannot signal another). See :mod:`autograder.sandbox.confine`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..course import Limits
from ..errors import SandboxUnavailable
from .base import Backend, Spawned

__all__ = ["ProcessBackend", "worker_rlimits"]

_UID_BASE = 61000
_SLOTS = 256


class ProcessBackend(Backend):
    """Starts workers as confined children of the grader."""

    name = "process"

    def __init__(self, hide: list[Path] | None = None) -> None:
        self.hide = [str(p.resolve()) for p in (hide or []) if p.exists()]
        self.notes = []
        self._held: dict[int, int] = {}
        self.is_root = os.geteuid() == 0
        if not self.is_root:
            self.notes.append(
                "process sandbox without root: no private uid and no hidden folders; use --sandbox docker for hostile code"
            )

    def _take_slot(self) -> int:
        """A uid slot no other worker on this machine holds (an flock'd file per slot).

        Runner processes grade in parallel, each with its own backend object, so the claim must
        be machine-wide: two workers sharing a uid could signal each other and share a process
        limit, and the clean-up of one would kill the other.
        """
        lock_dir = Path(tempfile.gettempdir()) / "autograder-slots"
        lock_dir.mkdir(mode=0o700, exist_ok=True)
        for slot in range(_SLOTS):
            fd = os.open(lock_dir / f"{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            self._held[slot] = fd
            return slot
        raise SandboxUnavailable(f"all {_SLOTS} sandbox slots are busy; lower --jobs")

    def _give_slot(self, slot: int) -> None:
        fd = self._held.pop(slot, None)
        if fd is not None:
            os.close(fd)  # closing releases the lock

    def _config(self, limits: Limits) -> tuple[int, int, str, dict[str, Any]]:
        slot = self._take_slot()
        uid = _UID_BASE + slot
        scratch = tempfile.mkdtemp(prefix=f"ag-scratch-{slot}-")
        if self.is_root:
            os.chown(scratch, uid, uid)
            _kill_uid(uid)  # nothing of a previous worker with this uid survives
        os.chmod(scratch, 0o700)
        cfg = {
            "uid": uid,
            "gid": uid,
            "scratch": scratch,
            "python": sys.executable,
            "hide": self.hide,
            "expose": sorted(
                {sys.base_prefix, sys.prefix, str(Path(__file__).resolve().parents[2])}
            ),
            "rlimits": worker_rlimits(limits),
        }
        return slot, uid, scratch, cfg

    def spawn(self, limits: Limits) -> Spawned:
        """Cold start: a new interpreter, confined before it runs anything of ours."""
        slot, uid, scratch, cfg = self._config(limits)
        proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "autograder.sandbox.confine", json.dumps(cfg)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            close_fds=True,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )
        return _ProcessSpawned(
            proc=proc,
            backend=self.name,
            slot=slot,
            uid=uid if self.is_root else None,
            scratch=scratch,
            owner=self,
        )

    def fork_spawn(self, limits: Limits) -> Spawned:
        """Warm start: fork this process (which has imported torch and holds no secret yet)
        into a confined worker. Only for the first worker of a run; restarts use :meth:`spawn`,
        since by then the trusted side holds the solution and the tests in memory."""
        slot, uid, scratch, cfg = self._config(limits)
        r0, w0 = os.pipe()
        r1, w1 = os.pipe()
        r2, w2 = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child becomes the worker and never returns
            try:
                os.setsid()
                os.dup2(r0, 0)
                os.dup2(w1, 1)
                os.dup2(w2, 2)
                os.closerange(3, 1 << 16)
                from .confine import become_worker

                become_worker(cfg)
            finally:
                os._exit(70)
        for fd in (r0, w1, w2):
            os.close(fd)
        proc = ForkedProcess(pid, w0, r1, r2)
        return _ProcessSpawned(
            proc=proc,  # type: ignore[arg-type]
            backend=self.name,
            slot=slot,
            uid=uid if self.is_root else None,
            scratch=scratch,
            owner=self,
        )


class ForkedProcess:
    """The parts of ``subprocess.Popen`` the sandbox uses, for a child made with ``os.fork``."""

    def __init__(self, pid: int, stdin_fd: int, stdout_fd: int, stderr_fd: int) -> None:
        self.pid = pid
        self.stdin = os.fdopen(stdin_fd, "wb", buffering=0)
        self.stdout = os.fdopen(stdout_fd, "rb", buffering=0)
        self.stderr = os.fdopen(stderr_fd, "rb", buffering=0)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                done, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -9
                return self.returncode
            if done:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("worker", timeout or 0)
            time.sleep(0.01)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


class _ProcessSpawned(Spawned):
    def __init__(
        self,
        *,
        proc: subprocess.Popen[bytes],
        backend: str,
        slot: int,
        uid: int | None,
        scratch: str,
        owner: ProcessBackend,
    ) -> None:
        super().__init__(proc=proc, backend=backend)
        self.slot, self.uid, self.scratch, self.owner = slot, uid, scratch, owner
        self._done = False

    def kill(self) -> None:
        if self._done:
            return
        self._done = True
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.uid is not None:
            _kill_uid(self.uid)  # children that left the session (setsid) too
        super().kill()
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.owner._give_slot(self.slot)


def worker_rlimits(limits: Limits) -> dict[str, int]:
    """The rlimits of one worker (``resource`` names), the same under every backend."""
    return {
        "RLIMIT_AS": limits.memory_bytes,
        "RLIMIT_NPROC": limits.processes,
        "RLIMIT_FSIZE": limits.file_bytes,
        "RLIMIT_CORE": 0,
        "RLIMIT_NOFILE": 256,
        "RLIMIT_CPU": int(limits.cell_seconds + 60 * limits.call_seconds + 60),
    }


def _kill_uid(uid: int) -> None:
    """SIGKILL every process of ``uid`` until none is left (a fork loop keeps making more)."""
    for _ in range(50):
        found = False
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    found = True
                    os.kill(int(entry), signal.SIGKILL)
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                continue
        if not found:
            return
