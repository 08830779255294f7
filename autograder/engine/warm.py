"""Warm trusted runners: a process that has imported torch, pytest and hypothesis once and forks
a fresh child for every grading run.

The child is a copy of the warm parent, so each run still starts from the same clean state
(nothing of one submission's run can reach the next: the parent never runs a test), but it no
longer pays ~2 s of imports. One server per grading thread; ``--jobs`` threads, so never more
than ``--jobs`` runs (and sandboxes) alive.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import astuple
from pathlib import Path
from typing import Any

__all__ = ["RunnerServer", "serve"]

_ENV_KEEP = {"PATH", "LANG", "PYTHONPATH", "TMPDIR", "TZ"}
# OMP_WAIT_POLICY: a lab's training raises the thread count; passive waiting keeps idle OpenMP
# threads from spinning on cores other jobs need (oversubscribed, spinning costs 10x and more).
_ENV_THREADS = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_WAIT_POLICY": "PASSIVE",
}


def serve() -> None:
    """The server loop: one spec path per line in, one exit status per line out."""
    # Import everything a run needs before forking; no thread is started by these imports
    # (BLAS/OpenMP pools are pinned to one thread), so fork is safe.
    import hypothesis  # noqa: F401
    import IPython.core.interactiveshell  # noqa: F401
    import numpy  # noqa: F401
    import pytest  # noqa: F401
    import torch  # noqa: F401

    from . import plugin, proxy  # noqa: F401
    from .runner import run_file

    _preload()

    out = sys.stdout.buffer
    out.write(b"ready\n")
    out.flush()
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        job = json.loads(line)
        host = _docker_host(job.get("sandbox"))
        pid = os.fork()
        if pid == 0:  # the child: one run, then gone
            code = 0
            try:
                backend, prestarted = _prefork_worker(job, host)
                run_file(job["spec"], backend=backend, prestarted=prestarted)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if host is not None and not host.sync():
            _drop_host()
        out.write(f"{os.waitstatus_to_exitcode(status)}\n".encode())
        out.flush()


# Library modules that tests and student code commonly reach and that torch imports lazily; a
# fork pays nothing for what its parent imported (e.g. torch.distributions -> sympy, ~0.35 s).
# Library code only: nothing of an assignment is ever imported here, since the sandbox worker is
# forked from this process's children.
PRELOAD = (
    "torch.distributions",
    "torch.func",
    "torch.fx.experimental.symbolic_shapes",
    "torch.nn.functional",
    "hypothesis.strategies",
    "hypothesis.extra.numpy",
    "scipy.linalg",
    "scipy.optimize",
    "scipy.special",
    "scipy.stats",
)


def _preload() -> None:
    """Import :data:`PRELOAD` (what is installed), then freeze the heap so that the garbage
    collector of every forked run skips these objects (pytest calls ``gc.collect`` at exit)."""
    import gc
    import importlib

    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    gc.collect()
    gc.freeze()


_host: Any = None  # this server's warm container (docker backend), kept across runs


def _docker_host(sandbox: dict[str, Any] | None) -> Any:
    """The warm container for a docker run (started, or reused when image, batch and limits
    match); None for other backends, or when it cannot start (the run then goes cold and
    reports why)."""
    global _host
    if not sandbox or sandbox.get("backend", {}).get("kind") != "docker":
        return None
    from ..course import Limits
    from ..errors import SandboxUnavailable
    from ..sandbox.docker_warm import ContainerHost
    from ..sandbox.image.labels import IMAGE_NAME

    cfg = sandbox["backend"]
    limits = Limits(**sandbox["limits"])
    image, batch = cfg.get("image") or IMAGE_NAME, cfg.get("batch") or "warm"
    if _host is not None and (_host.key != (image, batch, astuple(limits)) or not _host.alive()):
        _drop_host()
    if _host is None:
        try:
            _host = ContainerHost(image, batch, limits)
        except SandboxUnavailable:
            return None
    return _host


def _drop_host() -> None:
    global _host
    if _host is not None:
        _host.close()
    _host = None


def _prefork_worker(job: dict[str, Any], host: Any = None) -> tuple[Any, Any]:
    """Fork the sandbox worker *before* this child reads its spec (the spec holds the solution
    and test paths; the worker must never have them in its memory). Under docker the worker is
    forked by the zygote of this server's warm container, which never sees a secret anyway."""
    sandbox = job.get("sandbox")
    if host is not None and sandbox:
        from ..course import Limits
        from ..sandbox.docker_warm import WarmDockerBackend

        warm = WarmDockerBackend(host)
        return warm, warm.spawn(Limits(**sandbox["limits"]))
    if not sandbox or sandbox.get("backend", {}).get("kind") != "process":
        return None, None
    from ..course import Limits
    from ..sandbox.process import ProcessBackend

    cfg = sandbox["backend"]
    backend = ProcessBackend(
        hide=[Path(p) for p in cfg.get("hide", [])], confine=cfg.get("confine")
    )
    return backend, backend.fork_spawn(Limits(**sandbox["limits"]))


class RunnerServer:
    """The grader's handle on one warm server (one per grading thread)."""

    def __init__(self) -> None:
        # A scrubbed environment: a warm worker is forked from this process, and whatever is
        # in its environment block stays readable there (/proc/self/environ).
        env = {
            k: v
            for k, v in os.environ.items()
            if k in _ENV_KEEP or k.startswith(("LC_", "OPENBLAS_"))
        }
        env.update(_ENV_THREADS)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "autograder.engine.warm"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env=env,
        )
        self._stderr = bytearray()
        threading.Thread(target=self._drain, daemon=True).start()
        self._expect_line(120.0)

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for chunk in iter(lambda: os.read(self.proc.stderr.fileno(), 65536), b""):  # type: ignore[union-attr]
            self._stderr += chunk
            del self._stderr[:-20000]

    def _expect_line(self, timeout: float) -> str:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        buf = b""
        while not buf.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 1)
                if not chunk:
                    raise EOFError(self.stderr_text())
                buf += chunk
        return buf.decode().strip()

    def stderr_text(self) -> str:
        return self._stderr.decode("utf-8", "replace")[-3000:]

    def run(self, spec_path: str, timeout: float, sandbox: dict[str, Any] | None = None) -> int:
        """Run one spec in a fresh fork; its exit code. TimeoutError / EOFError if the server is lost.

        ``sandbox`` (backend config and limits, nothing secret) lets the fork start the worker
        warm before it reads the spec."""
        assert self.proc.stdin is not None
        self._stderr.clear()
        self.proc.stdin.write(json.dumps({"spec": spec_path, "sandbox": sandbox}).encode() + b"\n")
        self.proc.stdin.flush()
        return int(self._expect_line(timeout))

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        for s in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if s is not None:
                with contextlib.suppress(OSError):
                    s.close()


if __name__ == "__main__":
    serve()
