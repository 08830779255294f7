"""The ``process`` backend: a confined child process (the embedded default).

Each worker gets its own session, rlimits on memory, processes, file size and CPU time, a
scrubbed environment, new mount, PID, network, IPC and UTS namespaces (as root, or inside a user
namespace without root) and an allow-list root in which only the system, the interpreter and the
autograder package are visible, read-only, beside private tmpfs mounts for ``/tmp`` and its home.
As root it also runs under an unprivileged uid of its own (one per concurrent worker, so a fork
bomb counts against that worker's limit only and one student cannot signal another). See
:mod:`autograder.sandbox.confine` and :mod:`autograder.sandbox.rootfs`.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
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
from . import rootfs
from .base import Backend, Spawned

__all__ = [
    "ProcessBackend",
    "confinement_mode",
    "confinement_problem",
    "expose_paths",
    "worker_rlimits",
]

_UID_BASE = 61000
_SLOTS = 256


class ProcessBackend(Backend):
    """Starts workers as confined children of the grader."""

    name = "process"

    def __init__(self, hide: list[Path] | None = None, confine: str | None = None) -> None:
        self.hide = [str(p.resolve()) for p in (hide or []) if p.exists()]
        self.notes = []
        self._held: dict[int, int] = {}
        self.is_root = os.geteuid() == 0
        # root: namespaces + a uid of its own; userns: the same inside a user namespace; none:
        # no namespaces (where neither works; see autograder.commands.backend.process_backend).
        self.mode = confine or ("root" if self.is_root else "userns")
        if self.mode == "userns":
            self.notes.append(
                "process sandbox without root: confined in a user namespace (allow-list root, "
                "no network, own PID namespace), as the grader's user outside it"
            )
        elif self.mode == "none":
            self.notes.append(
                "process sandbox unconfined (no namespaces here): the worker could read the machine's files"
            )

    def _take_slot(self) -> int:
        """A uid slot no other worker on this machine holds (an flock'd file per slot).

        Runner processes grade in parallel, each with its own backend object, so the claim must
        be machine-wide: two workers sharing a uid could signal each other and share a process
        limit, and the clean-up of one would kill the other.
        """
        lock_dir = _state_dir()
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

    def _config(self, limits: Limits) -> tuple[int, int, str | None, dict[str, Any]]:
        slot = self._take_slot()
        uid = _UID_BASE + slot
        confined = self.mode != "none"
        if self.is_root and self.mode in ("root", "none"):
            _kill_uid(uid)  # nothing of a previous worker with this uid survives
        scratch = None
        if not confined:
            scratch = tempfile.mkdtemp(prefix=f"ag-scratch-{slot}-")
            if self.is_root:
                os.chown(scratch, uid, uid)
            os.chmod(scratch, 0o700)
        cfg = {
            "mode": self.mode,
            "uid": uid,
            "scratch": rootfs.SCRATCH if confined else scratch,
            "python": sys.executable,
            "root_dir": str(_root_dir()),
            "hide": self.hide,
            "expose": expose_paths(),
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
            uid=uid if self.is_root and self.mode != "userns" else None,
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
            uid=uid if self.is_root and self.mode != "userns" else None,
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
        scratch: str | None,
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
        if self.scratch is not None:  # unconfined only: a confined worker's home is a tmpfs
            shutil.rmtree(self.scratch, ignore_errors=True)
        self.owner._give_slot(self.slot)


def _state_dir() -> Path:
    """The machine-wide folder of the slot locks and the mount point of the workers' roots."""
    path = Path(tempfile.gettempdir()) / "autograder-slots"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _root_dir() -> Path:
    """An empty folder every confined worker mounts its own root on, in its own mount
    namespace (so one folder serves all, and nothing is left behind on the host)."""
    path = _state_dir() / "root"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def expose_paths() -> list[str]:
    """What of the host a worker's root holds besides the system: the interpreter's prefixes
    and the autograder package (its folder only: an editable install's checkout is a course)."""
    package = Path(__file__).resolve().parents[1]
    prefixes = {sys.base_prefix, sys.prefix, sys.base_exec_prefix, sys.exec_prefix, str(package)}
    return sorted(os.path.realpath(p) for p in prefixes)


@functools.cache
def _probe() -> tuple[str | None, str]:
    """(mode, why) of :func:`autograder.sandbox.confine.probe`, once per process, in a
    throw-away interpreter."""
    proc = subprocess.run(
        [sys.executable, "-I", "-m", "autograder.sandbox.confine", "--probe"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    try:
        answer = json.loads(proc.stdout)
        return answer["mode"], str(answer["why"])
    except (ValueError, KeyError):
        return None, (proc.stderr or proc.stdout).strip()[-300:] or f"exit {proc.returncode}"


def confinement_problem() -> str | None:
    """Why this machine cannot confine a process worker (None: it can, as root or in a user
    namespace; a root grader in a container without CAP_SYS_ADMIN cannot, for one)."""
    mode, why = _probe()
    return None if mode else why


def confinement_mode() -> str:
    """How this machine confines a worker: ``root`` or ``userns`` (when it can at all)."""
    return _probe()[0] or "none"


def worker_rlimits(limits: Limits) -> dict[str, int]:
    """The rlimits of one worker (``resource`` names), the same under every backend."""
    return {
        "RLIMIT_AS": limits.memory_bytes,
        "RLIMIT_NPROC": limits.processes,
        "RLIMIT_FSIZE": limits.file_bytes,
        "RLIMIT_CORE": 0,
        "RLIMIT_NOFILE": 256,
        # CPU seconds over the worker's life: the cells, many calls, and a lab's training calls
        # (each up to train_seconds on train_threads cores); the wall-clock budgets bind first.
        "RLIMIT_CPU": int(
            limits.cell_seconds
            + 60 * limits.call_seconds
            + 8 * limits.train_seconds * limits.train_threads
            + 60
        ),
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
