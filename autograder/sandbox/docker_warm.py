"""The ``docker`` backend, warm: one long-lived container per grading thread, a fresh fork per worker.

Chosen over a pool of warm containers (one submission each) because on the course's 2-core
machines the cost of a container is CPU, not latency: ``docker run`` plus ``import torch`` is
~1.5 s of CPU per container whether or not it is started ahead of need, which alone would
cap the docker backend at ~0.8 s per submission. Here the container's PID 1 is
:mod:`autograder.sandbox.zygote`, which imported torch once and forks one worker per request, each
with its own uid, scratch folder and rlimits, one at a time, and wipes every trace of a worker
(its processes and files) before the next. Nothing secret ever enters the container (the
hidden tests and the solution stay on the trusted side), so the zygote, unlike the trusted
runner, may also serve restarts warm.

Trusted-side plumbing: a :class:`ContainerHost` is made by the warm runner server (one per
grading thread) and inherited by each forked run, which reads the container's frames in a
thread and hands each worker plain pipes (:class:`RemoteChild`), so the rest of the grader sees
the same ``Spawned`` as from any backend. Over the channel socket those pipes reach the worker
itself (their far ends travel with the spawn request); over the attach stream they are relayed.
After every run the server pings the zygote; a container that does not answer cleanly is thrown
away and a new one started.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import struct
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import astuple

from ..course import Limits
from ..errors import SandboxUnavailable
from .base import Backend, Spawned
from .docker import docker_run_args
from .process import worker_rlimits

__all__ = ["ContainerHost", "RemoteChild", "WarmDockerBackend"]

_HEAD = struct.Struct(">cI")


class ContainerHost:
    """One warm container running :mod:`autograder.sandbox.zygote`, driven over the channel
    socket (bind-mounted alone, its listener closed once the zygote is in) or, with a remote
    engine, over the container's stdin/stdout."""

    def __init__(self, image: str, batch: str, limits: Limits, owner: str = "") -> None:
        self.key = (image, batch, astuple(limits))
        self.name = f"ag-{batch}-z{uuid.uuid4().hex[:8]}"
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the container
        self._chan: socket.socket | None = None
        if _socket_channel():
            self._start_with_socket(image, batch, limits, owner)
        else:
            self.proc = subprocess.Popen(
                docker_run_args(image, self.name, batch, limits, owner, warm=True),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._log,
                start_new_session=True,
            )
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.rfd = self.proc.stdout.fileno()
            self.wfd = self.proc.stdin.fileno()
        self._buf = bytearray()
        self._lock = threading.Lock()
        self._reader_pid = 0
        self._owner = os.getpid()
        self.current: RemoteChild | None = None
        self.broken = False
        try:
            tag, _ = self.read_frame(180.0)
        except (TimeoutError, EOFError) as exc:
            self.close()
            raise SandboxUnavailable(
                f"the warm grading container did not start: {self.log_text() or exc}"
            ) from exc
        if tag != b"R":
            self.close()
            raise SandboxUnavailable(f"the warm grading container said {tag!r} instead of ready")

    def _start_with_socket(self, image: str, batch: str, limits: Limits, owner: str) -> None:
        """Start the container with a listening socket bind-mounted at CHANNEL_PATH; accept the
        zygote's one connection, then close and unlink the listener (nobody connects again)."""
        folder = tempfile.mkdtemp(prefix="ag-chan-")  # 0700: no other host user gets in
        path = os.path.join(folder, "zygote.sock")
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
                listener.bind(path)
                os.chmod(path, 0o666)  # the container's root has no DAC_OVERRIDE
                listener.listen(1)
                listener.settimeout(0.2)
                self.proc = subprocess.Popen(
                    docker_run_args(
                        image, self.name, batch, limits, owner, warm=True, channel=path
                    ),
                    stdin=subprocess.DEVNULL,
                    stdout=self._log,
                    stderr=self._log,
                    start_new_session=True,
                )
                deadline = time.monotonic() + 180.0
                while True:
                    try:
                        conn, _ = listener.accept()
                        break
                    except TimeoutError:
                        if self.proc.poll() is not None or time.monotonic() > deadline:
                            self.close()
                            raise SandboxUnavailable(
                                "the warm grading container did not connect to its channel: "
                                + (self.log_text() or "no output")
                            ) from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)
            with contextlib.suppress(OSError):
                os.rmdir(folder)
        conn.setblocking(True)
        self._chan = conn
        self.rfd = self.wfd = conn.fileno()

    # -- frames ----------------------------------------------------------------------------
    def read_frame(self, timeout: float | None) -> tuple[bytes, bytes]:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if len(self._buf) >= _HEAD.size:
                tag, length = _HEAD.unpack(self._buf[: _HEAD.size])
                if len(self._buf) >= _HEAD.size + length:
                    payload = bytes(self._buf[_HEAD.size : _HEAD.size + length])
                    del self._buf[: _HEAD.size + length]
                    return tag, payload
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                raise TimeoutError("the warm container did not answer")
            ready, _, _ = select.select([self.rfd], [], [], wait)
            if ready:
                chunk = os.read(self.rfd, 1 << 20)
                if not chunk:
                    raise EOFError("the warm container is gone")
                self._buf += chunk

    def write_frame(self, tag: bytes, payload: bytes = b"", fds: list[int] | None = None) -> None:
        """Write one frame; ``fds`` (socket channel only) travel with its first byte."""
        data = memoryview(_HEAD.pack(tag, len(payload)) + payload)
        with self._lock:
            if fds:
                assert self._chan is not None
                data = data[socket.send_fds(self._chan, [data], fds) :]
            while data:
                data = data[os.write(self.wfd, data) :]

    # -- in the server, between runs --------------------------------------------------------
    def alive(self) -> bool:
        if self.broken:
            return False
        if os.getpid() != self._owner:  # a forked run: the CLI is not our child to poll
            return True
        return self.proc.poll() is None

    def sync(self, timeout: float = 10.0) -> bool:
        """Ping the zygote and skip whatever a finished run left in the stream; False if the
        container is not usable any more (then :meth:`close` it)."""
        if not self.alive():
            return False
        nonce = os.urandom(8)
        try:
            self.write_frame(b"K")  # a worker a crashed run left behind
            self.write_frame(b"P", nonce)
            deadline = time.monotonic() + timeout
            while True:
                tag, payload = self.read_frame(max(deadline - time.monotonic(), 0.001))
                if tag == b"p" and payload == nonce:
                    return True
        except (TimeoutError, EOFError, OSError, struct.error):
            return False

    def log_text(self) -> str:
        if self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read()[-3000:].decode("utf-8", "replace").strip()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            subprocess.run(
                ["docker", "rm", "-f", self.name], capture_output=True, check=False, timeout=60
            )
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        for s in (self.proc.stdin, self.proc.stdout, self._chan, self._log):
            if s is not None:
                with contextlib.suppress(OSError):
                    s.close()

    # -- in a run ---------------------------------------------------------------------------
    def spawn(self, limits: Limits) -> RemoteChild:
        """Ask the zygote for a fresh worker (in the forked run; starts the reader thread)."""
        if self._reader_pid != os.getpid():
            self._reader_pid = os.getpid()
            threading.Thread(target=self._read_loop, daemon=True).start()
        if self.current is not None and self.current.returncode is None:
            self.current.kill()
            self.current.wait(10.0)
        if not self.alive():
            raise SandboxUnavailable("the warm grading container is gone")
        child = RemoteChild(self, direct=self._chan is not None)
        self.current = child
        spec: dict[str, object] = {"id": child.id, "rlimits": worker_rlimits(limits)}
        ends, child.remote_ends = child.remote_ends, []
        try:
            if ends:
                spec["pipes"] = True  # the worker's own ends of its stdin and stdout pipes
            self.write_frame(b"S", json.dumps(spec).encode(), fds=ends)
        finally:
            for fd in ends:  # the zygote has its copies now; ours would hide the EOF
                os.close(fd)
        return child

    def _read_loop(self) -> None:
        while True:
            try:
                tag, payload = self.read_frame(None)
            except (EOFError, OSError):
                self.broken = True
                if self.current is not None:
                    self.current.exited(-9)
                return
            child = self.current
            if child is None:
                continue
            if tag == b"D":
                child.deliver(child.out_w, payload)
            elif tag == b"E":
                child.deliver(child.err_w, payload)
            elif tag == b"X":
                ident, _, status = payload.decode("ascii", "replace").partition(" ")
                if ident == child.id:  # not a late answer about an earlier worker
                    child.exited(int(status) if status.lstrip("-").isdigit() else -9)


def _socket_channel() -> bool:
    """The socket channel needs the engine on this machine (it bind-mounts a host path);
    ``AUTOGRADER_DOCKER_CHANNEL=stdio`` keeps the attach stream."""
    if os.environ.get("AUTOGRADER_DOCKER_CHANNEL", "socket") == "stdio":
        return False
    host = os.environ.get("DOCKER_HOST", "")
    return host == "" or host.startswith("unix://")


class RemoteChild:
    """A worker in the warm container, seen through local pipes: the parts of
    ``subprocess.Popen`` the sandbox uses.

    ``direct`` (the socket channel): the worker's stdin and stdout are pipes made here, whose
    far ends go to the zygote with the spawn request (``SCM_RIGHTS``) and become the worker's
    own, so a call crosses no relay. Otherwise (the attach stream) its bytes are relayed in D
    frames. Its stderr is relayed either way."""

    def __init__(self, host: ContainerHost, *, direct: bool = False) -> None:
        self.host = host
        self.id = uuid.uuid4().hex[:12]
        self.pid = -1
        self.returncode: int | None = None
        self._gone = threading.Event()
        in_r, in_w = os.pipe()
        out_r, self.out_w = os.pipe()
        err_r, self.err_w = os.pipe()
        self.stdin = os.fdopen(in_w, "wb", buffering=0)
        self.stdout = os.fdopen(out_r, "rb", buffering=0)
        self.stderr = os.fdopen(err_r, "rb", buffering=0)
        self._out_lock = threading.Lock()
        self.remote_ends: list[int] = []
        if direct:
            self.remote_ends, self.out_w = [in_r, self.out_w], -1
        else:
            threading.Thread(target=self._pump, args=(in_r,), daemon=True).start()

    def _pump(self, in_r: int) -> None:
        """Our requests, from the local pipe to the zygote (until the pipe is closed)."""
        try:
            for chunk in iter(lambda: os.read(in_r, 1 << 20), b""):
                if self.returncode is not None:
                    break
                self.host.write_frame(b"D", chunk)
        except OSError:
            pass
        finally:
            os.close(in_r)

    def deliver(self, fd: int, data: bytes) -> None:
        with self._out_lock:
            if self.returncode is not None or fd < 0:
                return
            view = memoryview(data)
            try:
                while view:
                    view = view[os.write(fd, view) :]
            except OSError:  # the reader went away (the worker is being killed)
                pass

    def exited(self, status: int) -> None:
        with self._out_lock:
            if self.returncode is not None:
                return
            self.returncode = status
            for fd in (self.out_w, self.err_w):
                if fd >= 0:
                    with contextlib.suppress(OSError):
                        os.close(fd)
        self._gone.set()

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if not self._gone.wait(timeout):
            raise subprocess.TimeoutExpired("worker", timeout or 0)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        if self.returncode is not None:
            return
        with contextlib.suppress(OSError):
            self.stdout.close()  # unblocks a delivery nobody will read
        try:
            self.host.write_frame(b"K")
        except OSError:
            self.host.broken = True
            self.exited(-9)
            return
        if not self._gone.wait(15.0):
            self.host.broken = True
            self.exited(-9)


class WarmDockerBackend(Backend):
    """Workers forked by the zygote of a warm container (see the module's docstring)."""

    name = "docker"

    def __init__(self, host: ContainerHost) -> None:
        self.host = host
        self.notes = []

    def spawn(self, limits: Limits) -> Spawned:
        return Spawned(proc=self.host.spawn(limits), backend=self.name)  # type: ignore[arg-type]

    def close(self) -> None:
        child = self.host.current
        if child is not None and child.returncode is None:
            child.kill()
