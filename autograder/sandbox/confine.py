"""The confining launcher of the ``process`` backend: confine this process, then become the worker.

Run as ``python -I -m autograder.sandbox.confine CONFIG_JSON`` (cold) or called in a fresh fork
of a warm process (:func:`become_worker`). ``cfg["mode"]`` says how:

``root`` / ``userns``
    New mount, PID, network, IPC and UTS namespaces (as root directly; otherwise inside a new
    user namespace, where the kernel allows unprivileged ones). Three processes then make one
    worker:

    * the *relay* (this process) waits and passes the worker's exit status on, so the backend
      sees a worker that exited, or was killed by a signal, as it really did;
    * the *init* (PID 1 of the new PID namespace) builds the allow-list root of
      :mod:`autograder.sandbox.rootfs`, ``pivot_root``-s into it, starts the worker and reaps
      orphans; when the worker ends it exits, and the kernel kills whatever the worker left in
      the namespace (daemons included). It dies with the relay (``PR_SET_PDEATHSIG``);
    * the *worker* sets its rlimits, drops every privilege (an unprivileged uid as root; every
      capability of the user namespace otherwise; ``no_new_privs`` in both) and runs.

    Anything that fails while confining stops the worker (exit 70 with the reason on stderr):
    a worker is never started with the host in view.

``none``
    where neither is possible (``--unconfined``, or a trusted run): rlimits, a scratch folder and,
    as root, an unprivileged uid of its own, but the machine's files in view.

What could not be done is printed on stderr as ``confine-note: ...`` so the backend can report it.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import socket
import struct
import sys
from typing import Any

from . import rootfs

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
NAMESPACES = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
FAILED = 70  # the worker could not be confined


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _note(msg: str) -> None:
    os.write(2, f"confine-note: {msg}\n".encode())


def _fail(msg: str) -> None:
    os.write(2, f"sandbox: the worker could not be confined: {msg}\n".encode())
    os._exit(FAILED)


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as fh:
        fh.write(text)


def enter_namespaces(mode: str, uid: int) -> None:
    """Unshare the namespaces (and, for ``userns``, map our uid to ``uid`` inside)."""
    if mode == "userns":
        outer_uid, outer_gid = os.geteuid(), os.getegid()
        rootfs.check_rc(rootfs.libc.unshare(CLONE_NEWUSER | NAMESPACES), "unshare")
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {outer_uid} 1\n")
        _write("/proc/self/gid_map", f"{uid} {outer_gid} 1\n")
    else:
        rootfs.check_rc(rootfs.libc.unshare(NAMESPACES), "unshare")
    rootfs.mount(None, "/", None, rootfs.MS_REC | rootfs.MS_PRIVATE)
    socket.sethostname("sandbox")


def _relay(child: int, status_r: int) -> None:
    """The relay: wait for the init, then end as the worker ended (never returns)."""
    _quiet_stdio()
    _, init_status = os.waitpid(child, 0)
    data = os.read(status_r, 4)
    status = struct.unpack("i", data)[0] if len(data) == 4 else init_status
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else FAILED)


def _init(worker: int, status_w: int) -> None:
    """PID 1 of the sandbox: reap everything; when the worker ends, report it and exit
    (which ends every other process of the namespace). Never returns."""
    _quiet_stdio()
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            os._exit(FAILED)
        if pid == worker:
            os.write(status_w, struct.pack("i", status))
            os._exit(0)


def _quiet_stdio() -> None:
    """Let go of the worker's pipes, so the backend sees EOF as soon as the worker is gone."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _drop_capabilities() -> None:
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    rootfs.check_rc(rootfs.libc.capset(ctypes.byref(header), data), "capset")


def _confined(cfg: dict[str, Any]) -> None:
    """Relay, then init, then return in the worker (still privileged; see :func:`apply_confinement`)."""
    try:
        enter_namespaces(cfg["mode"], int(cfg["uid"]))
    except OSError as exc:
        _fail(f"no private namespaces ({exc})")
    status_r, status_w = os.pipe()
    child = os.fork()
    if child:
        os.close(status_w)
        _relay(child, status_r)
    os.close(status_r)
    try:
        rootfs.check_rc(rootfs.libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl")
        facts = rootfs.host_facts(cfg["expose"])
        rootfs.build(rootfs.plan(facts, int(cfg["uid"])), cfg["root_dir"], cfg.get("hide", []))
    except OSError as exc:
        _fail(f"the allow-list root could not be built ({exc})")
    worker = os.fork()
    if worker:
        _init(worker, status_w)
    os.close(status_w)


def apply_confinement(cfg: dict[str, Any]) -> dict[str, str]:
    """Confine this single-threaded process as ``cfg`` says; returns (in the worker) its
    environment. In the confined modes the caller becomes the relay and never sees this return."""
    mode = cfg["mode"]
    if mode in ("root", "userns"):
        _confined(cfg)
    else:
        _note(
            "unconfined: no namespaces, the worker sees the machine's files (as a uid of its own "
            "when the grader is root); use --sandbox docker for students' code"
        )
    for name, value in cfg["rlimits"].items():
        try:
            resource.setrlimit(getattr(resource, name), (value, value))
        except (ValueError, OSError) as exc:
            _note(f"{name} not set: {exc}")
    scratch = cfg["scratch"]
    os.chdir(scratch)
    try:
        if mode == "root" or (mode == "none" and os.geteuid() == 0):
            uid = int(cfg["uid"])
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)  # from root to another uid: every capability goes
        elif mode == "userns":
            _drop_capabilities()
        rootfs.check_rc(rootfs.libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl")
    except OSError as exc:
        _fail(f"privileges could not be dropped ({exc})")
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
        "OMP_WAIT_POLICY": "PASSIVE",  # labs train on several threads: idle ones must not spin
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
    keep = tuple(cfg["expose"])
    sys.path[:] = [p for p in sys.path if p and os.path.isabs(p) and p.startswith(keep)]
    from ..worker import serve as worker

    worker.main()


def _try(mode: str) -> str | None:
    """Why ``mode`` cannot confine a worker here (None: it can). Forks a throw-away child that
    tries what a worker needs: the namespaces, a tmpfs, a procfs of the new PID namespace."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        os.close(r)
        try:
            enter_namespaces(mode, 61000)
            inner = os.fork()
            if inner == 0:
                try:
                    rootfs.mount("tmpfs", "/tmp", "tmpfs", 0, "size=64k")
                    os.mkdir("/tmp/proc")
                    rootfs.mount("proc", "/tmp/proc", "proc", 0)
                    os._exit(0)
                except OSError as exc:
                    os.write(w, str(exc).encode())
                    os._exit(1)
            _, status = os.waitpid(inner, 0)
            os._exit(0 if status == 0 else 1)
        except BaseException as exc:
            os.write(w, str(exc).encode())
            os._exit(1)
    os.close(w)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(r, "rb") as fh:
        why = fh.read().decode("utf-8", "replace")
    return None if status == 0 else why or f"exit status {status}"


def probe() -> tuple[str | None, str]:
    """(mode, why): how this machine confines a worker, ``root`` (namespaces directly, e.g. not in
    a container without CAP_SYS_ADMIN) or ``userns``, or None and why neither works."""
    tried = []
    for mode in ("root", "userns") if os.geteuid() == 0 else ("userns",):
        why = _try(mode)
        if why is None:
            return mode, ""
        tried.append(f"{mode}: {why}")
    return None, "; ".join(tried)


def main() -> None:
    if sys.argv[1:] == ["--probe"]:
        mode, why = probe()
        print(json.dumps({"mode": mode, "why": why}))
        return
    confine(json.loads(sys.argv[1]))


if __name__ == "__main__":
    main()
