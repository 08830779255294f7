"""The confining launcher of the ``process`` backend: confine this process, then become the worker.

Run as ``python -I -m autograder.sandbox.confine CONFIG_JSON``. In order: a new session (set by
the backend), new mount and network namespaces where the kernel allows (as root), the course's
secret folders (hidden tests, solutions, other submissions, outputs) covered by empty tmpfs
mounts, rlimits, a scratch working directory, an unprivileged uid/gid, a scrubbed environment,
and finally ``exec`` of ``python -I -m autograder.worker``. Whatever could not be done is printed
on stderr as ``confine-note: ...`` so the backend can report it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import resource
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_BIND = 4096
MS_MOVE = 8192
MS_REC = 16384
MS_PRIVATE = 1 << 18

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def _note(msg: str) -> None:
    os.write(2, f"confine-note: {msg}\n".encode())


def _check(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(
    source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None
) -> None:
    _check(
        _libc.mount(
            source.encode() if source else None,
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def _world_searchable(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & stat.S_IXOTH and mode & stat.S_IROTH)


def _expose(needed: list[str]) -> None:
    """Make ``needed`` paths reachable for the unprivileged uid even under a 0700 parent.

    (A pyenv Python under /root is the common case.) The closed ancestor is covered by a
    0755 tmpfs in our private mount namespace, and only the needed path is bind-mounted back:
    the rest of that folder (root's home) stays invisible.
    """
    for raw in needed:
        path = Path(raw)
        closed = next(
            (a for a in reversed(path.parents) if a != Path("/") and not _world_searchable(a)), None
        )
        if closed is None or not path.exists():
            continue
        stage = tempfile.mkdtemp(prefix="ag-stage-")
        _mount(str(path), stage, None, MS_BIND | MS_REC)
        _mount("tmpfs", str(closed), "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=64k")
        target = closed / path.relative_to(closed)
        target.mkdir(parents=True, exist_ok=True)
        for p in [target, *target.parents]:
            if p == closed.parent:
                break
            os.chmod(p, 0o755)
        _mount(stage, str(target), None, MS_MOVE)
        os.rmdir(stage)


def apply_confinement(cfg: dict[str, Any]) -> dict[str, str]:
    """Confine this (single-threaded) process as ``cfg`` says; returns the worker's environment."""
    is_root = os.geteuid() == 0
    if is_root:
        try:
            _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC), "unshare")
            _mount(None, "/", None, MS_REC | MS_PRIVATE)
            for secret in cfg.get("hide", []):
                if os.path.isdir(secret):
                    _mount(
                        "tmpfs",
                        secret,
                        "tmpfs",
                        MS_RDONLY | MS_NOSUID | MS_NODEV,
                        "mode=000,size=4k",
                    )
            _expose(cfg.get("expose", []))
        except OSError as exc:
            _note(
                f"no private mount/network namespace ({exc}); secrets are protected by file permissions only"
            )
    else:
        try:
            _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNET), "unshare")
        except OSError as exc:
            _note(f"no network namespace for an unprivileged user ({exc}); the network is not cut")
        _note(
            "not started as root: the worker runs as the grader's own user and can read what it can read"
        )

    limits = cfg["rlimits"]
    for name, value in limits.items():
        res = getattr(resource, name)
        try:
            resource.setrlimit(res, (value, value))
        except (ValueError, OSError) as exc:
            _note(f"{name} not set: {exc}")

    scratch = cfg["scratch"]
    os.chdir(scratch)
    if is_root:
        uid, gid = int(cfg["uid"]), int(cfg["gid"])
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    env = worker_env(scratch)
    for keep in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # the machine's BLAS needs these
        if keep in os.environ:
            env[keep] = os.environ[keep]
    return env


def worker_env(scratch: str, path: str = "/usr/local/bin:/usr/bin:/bin") -> dict[str, str]:
    """The whole environment of a worker (every backend): home and temp in its scratch folder,
    one thread, fixed hash seed, no bytecode written."""
    return {
        "PATH": path,
        "HOME": scratch,
        "TMPDIR": scratch,
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": scratch,
        "IPYTHONDIR": os.path.join(scratch, ".ipython"),
        "AUTOGRADER_THREADS": "1",
    }


def confine(cfg: dict[str, Any]) -> None:
    """Cold start: confine, then exec a fresh interpreter as the worker."""
    env = apply_confinement(cfg)
    python = cfg["python"]
    os.execve(python, [python, "-I", "-m", "autograder.worker"], env)


def become_worker(cfg: dict[str, Any]) -> None:
    """Warm start, in a child forked from a process that imported torch but holds no secret:
    confine, scrub what the parent left (environment, import path), and serve as the worker."""
    env = apply_confinement(cfg)
    os.environ.clear()
    os.environ.update(env)
    keep = (sys.prefix, sys.base_prefix)
    sys.path[:] = [p for p in sys.path if p and os.path.isabs(p) and p.startswith(keep)]
    from .. import worker

    worker.main()


def main() -> None:
    confine(json.loads(sys.argv[1]))


if __name__ == "__main__":
    main()
