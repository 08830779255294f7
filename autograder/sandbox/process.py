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
from pathlib import Path

from ..course import Limits
from ..errors import SandboxUnavailable
from .base import Backend, Spawned

__all__ = ["ProcessBackend"]

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

    def spawn(self, limits: Limits) -> Spawned:
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
            "rlimits": {
                "RLIMIT_AS": limits.memory_bytes,
                "RLIMIT_NPROC": limits.processes,
                "RLIMIT_FSIZE": limits.file_bytes,
                "RLIMIT_CORE": 0,
                "RLIMIT_NOFILE": 256,
                "RLIMIT_CPU": int(limits.cell_seconds + 60 * limits.call_seconds + 60),
            },
        }
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
