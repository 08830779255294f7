"""Inside a warm grading container: import torch once, then fork one fresh worker per request.

Runs as the container's PID 1 (``python -I -m autograder.sandbox.zygote``), as root with only the
capabilities SETUID, SETGID and CHOWN, and never runs student code itself. The trusted side
(:mod:`autograder.sandbox.docker_warm`) talks to it over a unix socket the host listens on and
bind-mounts alone at :data:`CHANNEL_PATH` (the zygote connects once, at start, before any worker
exists; the host then closes and unlinks the listener, so nobody can connect again), or, where
no socket is mounted (a remote Docker engine), over the container's stdin/stdout; either way with
tagged frames (1-byte tag, 4-byte big-endian length, payload):

    in:  S spawn (JSON: id, rlimits, pipes)   D bytes for the worker's stdin   K kill the worker
         P ping (nonce)
    out: R ready   D bytes from the worker's stdout   E bytes from its stderr
         X the worker is gone ("ID STATUS"; once per S)   p pong (the nonce)

One worker at a time. Each is a fork of this process made just for one submission: its own
uid (rotating over :data:`UIDS`, never root), its own 0700 scratch folder as HOME and TMPDIR,
rlimits (address space, processes, file size, CPU time, open files) and a new session. When it
ends, or is killed, every process of its uid is killed and every file its uid owns under the
writable mounts (``/scratch``, ``/tmp``, ``/dev/shm``) is removed before the next one starts,
so nothing of one submission is there for the next.

Over the socket, an S frame with ``pipes`` carries two descriptors (``SCM_RIGHTS``): the read end
of the worker's stdin pipe and the write end of its stdout pipe, made by the trusted run. They
must be pipes; they become the worker's fd 0 and 1 and this process keeps no copy, so the
protocol goes straight between the worker and the trusted side. Over the attach stream the
worker's bytes travel in D frames. Either way a worker cannot forge a control message: it is not
on the control channel, and its stderr comes back wrapped in this process's own E frames.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import socket
import stat
import struct
import sys
from typing import Any

from .confine import worker_env

__all__ = ["CHANNEL_PATH", "UIDS", "main"]

CHANNEL_PATH = "/run/autograder.sock"
"""Where a warm container sees the one host path it is given: the channel socket."""

_HEAD = struct.Struct(">cI")
UID_BASE = 20000
UIDS = 64  # workers rotate over uids UID_BASE .. UID_BASE + UIDS - 1
WRITABLE = ("/scratch", "/tmp", "/dev/shm")
PRELOAD = (
    "numpy",
    "torch",
    "torch.distributions",
    "torch.func",
    "torch.nn.functional",
    "scipy.special",
)


def _frame(tag: bytes, payload: bytes = b"") -> bytes:
    return _HEAD.pack(tag, len(payload)) + payload


class _Child:
    def __init__(
        self, pid: int, uid: int, scratch: str, stdin: int, stdout: int, stderr: int
    ) -> None:
        self.pid, self.uid, self.scratch = pid, uid, scratch
        self.stdin: int | None = stdin
        self.stdout: int | None = stdout
        self.stderr: int | None = stderr
        self.pending = bytearray()  # bytes for the worker's stdin not yet written
        self.status: int | None = None
        self.id = "-"  # the trusted side's name for this worker, echoed in X


class Zygote:
    def __init__(self, out_fd: int, sock: Any = None) -> None:
        self.out_fd = out_fd
        self.sock = sock  # the channel socket: requests may carry the worker's pipe ends
        self.fds: list[int] = []  # descriptors received and not yet claimed by an S frame
        self.child: _Child | None = None
        self.spawned = 0

    # -- output ----------------------------------------------------------------------------
    def send(self, tag: bytes, payload: bytes = b"") -> None:
        data = memoryview(_frame(tag, payload))
        while data:
            data = data[os.write(self.out_fd, data) :]

    # -- the worker ------------------------------------------------------------------------
    def _take_pipes(self) -> tuple[int, int] | None:
        """The two pipe ends an S frame announced (the worker's stdin to read, its stdout to
        write), or None if they are not two pipes (every received descriptor is then closed)."""
        fds, self.fds = self.fds[:2], self.fds[2:]
        if len(fds) == 2 and all(stat.S_ISFIFO(os.fstat(fd).st_mode) for fd in fds):
            return fds[0], fds[1]
        for fd in fds:
            os.close(fd)
        return None

    def spawn(self, cfg: dict[str, Any]) -> None:
        if self.child is not None:
            self.kill()
        direct = self._take_pipes() if cfg.get("pipes") else None
        if cfg.get("pipes") and direct is None:
            self.send(b"X", f"{cfg.get('id', '-')} -9".encode())
            return
        uid = UID_BASE + self.spawned % UIDS
        self.spawned += 1
        scratch = f"/scratch/w{self.spawned}"
        self._cleanup(uid)  # nothing of an earlier holder of this uid survives
        os.mkdir(scratch, 0o700)
        os.chown(scratch, uid, uid)
        # The trusted side's pipes, when it sent them: the worker talks to the grader directly,
        # not through this process (two copies and two wake-ups fewer per call).
        if direct is not None:
            (r0, w1), w0, r1 = direct, -1, -1
        else:
            r0, w0 = os.pipe()
            r1, w1 = os.pipe()
        r2, w2 = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - becomes the worker
            try:
                os.setsid()
                os.dup2(r0, 0)
                os.dup2(w1, 1)
                os.dup2(w2, 2)
                os.closerange(3, 1 << 16)
                _become_worker(cfg, uid, scratch)
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                os._exit(70)
        for fd in (r0, w1, w2):
            os.close(fd)
        for fd in (w0, r1, r2):
            if fd >= 0:
                os.set_blocking(fd, False)
        self.child = _Child(pid, uid, scratch, w0, r1, r2)
        if direct is not None:
            self.child.stdin = self.child.stdout = None  # with the trusted side, not here
        self.child.id = str(cfg.get("id", "-"))

    def kill(self) -> None:
        """End the worker (if any) and everything of its uid; report X."""
        c = self.child
        if c is None:
            self.send(b"X", b"- none")
            return
        self._finish(c)  # its uid's helper kills it (root without CAP_KILL cannot)

    def _finish(self, c: _Child) -> None:
        self._cleanup(c.uid)
        with contextlib.suppress(OSError):  # emptied by the helper; /scratch is ours (0755)
            os.rmdir(c.scratch)
        if c.status is None:
            _, status = os.waitpid(c.pid, 0)
            c.status = os.waitstatus_to_exitcode(status)
        for fd in (c.stdout, c.stderr):  # what it wrote before it went
            while fd is not None:
                try:
                    chunk = os.read(fd, 1 << 16)
                except (BlockingIOError, OSError):
                    break
                if not chunk:
                    break
                self.send(b"D" if fd == c.stdout else b"E", chunk)
        for fd in (c.stdin, c.stdout, c.stderr):
            if fd is not None:
                os.close(fd)
        self.child = None
        self.send(b"X", f"{c.id} {c.status}".encode())

    def _cleanup(self, uid: int) -> None:
        """As ``uid`` (in a helper fork): kill all its processes, remove all its files."""
        pid = os.fork()
        if pid == 0:  # pragma: no cover - helper
            try:
                os.closerange(3, 1 << 16)  # the channel stays with the zygote alone
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
                for _ in range(100):  # a fork loop keeps making more; NPROC bounds it
                    try:
                        os.kill(-1, signal.SIGKILL)  # every process of this uid but this one
                    except ProcessLookupError:
                        break
                for top in WRITABLE:
                    _remove_owned(top, uid)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        self._reap()

    def _reap(self) -> None:
        """PID 1 adopts orphans; collect them (never the current worker: it is waited for)."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if self.child is not None and pid == self.child.pid:
                self.child.status = os.waitstatus_to_exitcode(status)

    # -- the loop --------------------------------------------------------------------------
    def serve(self, in_fd: int) -> None:
        buf = bytearray()
        self.send(b"R")
        while True:
            c = self.child
            rlist = [in_fd] + [fd for fd in ((c.stdout, c.stderr) if c else ()) if fd is not None]
            wlist = [c.stdin] if c is not None and c.pending and c.stdin is not None else []
            readable, writable, _ = select.select(rlist, wlist, [], 0.05 if c else None)
            if in_fd in readable:
                chunk = self._read(in_fd)
                if not chunk:  # the trusted side is gone: so are we
                    if self.child is not None:
                        self.kill()
                    return
                buf += chunk
                while len(buf) >= _HEAD.size:
                    tag, length = _HEAD.unpack(buf[: _HEAD.size])
                    if len(buf) < _HEAD.size + length:
                        break
                    payload = bytes(buf[_HEAD.size : _HEAD.size + length])
                    del buf[: _HEAD.size + length]
                    self.handle(tag, payload)
            c = self.child
            if c is None:
                continue
            if c.stdin is not None and c.stdin in writable and c.pending:
                try:
                    n = os.write(c.stdin, c.pending)
                    del c.pending[:n]
                except BlockingIOError:
                    pass
                except OSError:  # the worker closed its stdin: drop what it will not read
                    c.pending.clear()
            for fd, tag in ((c.stdout, b"D"), (c.stderr, b"E")):
                if fd is not None and fd in readable:
                    try:
                        chunk = os.read(fd, 1 << 16)
                    except BlockingIOError:
                        continue
                    if chunk:
                        self.send(tag, chunk)
                    else:
                        os.close(fd)
                        if tag == b"D":
                            c.stdout = None
                        else:
                            c.stderr = None
            self._reap()
            if c.status is not None or (c.stdout is None and c.stderr is None):
                self._finish(c)

    def _read(self, in_fd: int) -> bytes:
        if self.sock is None:
            return os.read(in_fd, 1 << 20)
        chunk, fds, _, _ = socket.recv_fds(self.sock, 1 << 20, 8)
        self.fds.extend(fds)
        return chunk

    def handle(self, tag: bytes, payload: bytes) -> None:
        if tag == b"S":
            self.spawn(json.loads(payload))
        elif tag == b"D":
            if self.child is not None and self.child.stdin is not None:
                self.child.pending += payload
        elif tag == b"K":
            self.kill()
        elif tag == b"P":
            self.send(b"p", payload)


def _remove_owned(top: str, uid: int) -> None:
    """Remove what ``uid`` owns under ``top`` (run as ``uid``: sticky folders allow exactly
    that). Its folders are made searchable first, so a ``chmod 000`` cannot keep anything."""
    for root, dirs, _ in os.walk(top):
        for name in dirs:
            path = os.path.join(root, name)
            with contextlib.suppress(OSError):
                if os.lstat(path).st_uid == uid:
                    os.chmod(path, 0o700)
    for root, dirs, files in os.walk(top, topdown=False):
        for name in files + dirs:
            path = os.path.join(root, name)
            try:
                st = os.lstat(path)
                if st.st_uid != uid:
                    continue
                if os.path.isdir(path) and not os.path.islink(path):
                    os.rmdir(path)
                else:
                    os.unlink(path)
            except OSError:
                continue


def _become_worker(cfg: dict[str, Any], uid: int, scratch: str) -> None:  # pragma: no cover
    for name, value in cfg.get("rlimits", {}).items():
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(getattr(resource, name), (int(value), int(value)))
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)  # from root to a plain uid: every capability is gone with it
    os.chdir(scratch)  # 0700 and the worker's own: root without DAC_OVERRIDE cannot enter it
    os.environ.clear()
    os.environ.update(worker_env(scratch, "/opt/venv/bin:/usr/local/bin:/usr/bin:/bin"))
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    from ..worker import serve as worker

    worker.main()


def main() -> None:
    import gc
    import importlib

    # The image's /scratch is 1777 (docker gives the tmpfs the mode of the folder below it);
    # workers get folders of their own in it and must not plant anything next to them.
    os.chmod("/scratch", 0o755)
    sock = None
    if os.path.exists(CHANNEL_PATH):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # not inheritable
        sock.connect(CHANNEL_PATH)
        in_fd = out_fd = sock.fileno()
    else:
        in_fd, out_fd = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    import IPython.core.interactiveshell  # noqa: F401

    from ..worker import executor  # noqa: F401

    gc.collect()
    gc.freeze()
    Zygote(out_fd, sock).serve(in_fd)
    sys.exit(0)


if __name__ == "__main__":
    main()
