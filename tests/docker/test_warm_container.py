"""The warm docker container: one zygote, one fresh worker per submission, nothing carried over.

Worker A leaves everything it can behind (files in its home, /tmp and /dev/shm, a background
process that outlives it); worker B, the next one in the same container, looks for all of it
and for ways to reach the zygote. Real container, real forks.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import torch

from autograder.course import Limits
from autograder.engine.namespaces import StudentProxy
from autograder.engine.proxy import SandboxSession
from autograder.sandbox.docker_warm import ContainerHost, WarmDockerBackend
from autograder.worker.executor import Cell

from .test_docker_backend import _ready

pytestmark = pytest.mark.docker

LEAVE_BEHIND = r"""
import os, subprocess, pathlib
pathlib.Path(os.environ["HOME"], "answers.txt").write_text("student A's answers")
pathlib.Path("/tmp/a_was_here").write_text("A")
pathlib.Path("/dev/shm/a_shm").write_text("A")
os.chmod(os.environ["HOME"], 0o777)  # try to keep its home open for the next one
daemon = subprocess.Popen(["sleep", "300"], start_new_session=True)
def info():
    return {"uid": os.getuid(), "home": os.environ["HOME"], "daemon": daemon.pid}
"""

LOOK_AROUND = r"""
import os, glob
def _try(fn):
    try:
        return fn()
    except Exception as exc:
        return type(exc).__name__
def look(home_a, daemon_pid):
    uids = {}
    for p in glob.glob("/proc/[0-9]*"):
        try:
            uids[int(p.rsplit("/", 1)[1])] = os.stat(p).st_uid
        except OSError:
            pass
    return {
        "uid": os.getuid(),
        "home": os.environ["HOME"],
        "a_home_exists": os.path.exists(home_a),
        "a_answers": _try(lambda: open(os.path.join(home_a, "answers.txt")).read()),
        "tmp": sorted(os.listdir("/tmp")),
        "shm": sorted(os.listdir("/dev/shm")),
        "daemon_alive": daemon_pid in uids,
        "zygote_environ": _try(lambda: open("/proc/1/environ", "rb").read()[:10]),
        "zygote_mem": _try(lambda: open("/proc/1/mem", "rb").read(1)),
        "kill_zygote": _try(lambda: os.kill(1, 9)),
        "write_scratch_root": _try(lambda: open("/scratch/planted", "w").write("x")),
        "setuid_root": _try(lambda: os.setuid(0)),
        "network": _try(lambda: __import__("socket").create_connection(("127.0.0.1", 80), 1)),
        "channel_is_socket": _try(lambda: __import__("stat").S_ISSOCK(os.stat("/run/autograder.sock").st_mode)),
        "channel_connect": _try(lambda: __import__("socket").socket(1).connect("/run/autograder.sock")),
        "socket_fds": [
            fd for fd in os.listdir("/proc/self/fd")
            if _try(lambda: os.readlink(f"/proc/self/fd/{fd}")).startswith("socket:")
        ],
        "fd_targets": sorted(
            _try(lambda: os.readlink(f"/proc/self/fd/{fd}")) for fd in os.listdir("/proc/self/fd")
        ),
    }
"""


@pytest.fixture(scope="module")
def host() -> Iterator[ContainerHost]:
    if (why := _ready()) is not None:
        pytest.skip(why)
    from autograder.sandbox.image.labels import IMAGE_NAME

    h = ContainerHost(IMAGE_NAME, "warmtest", Limits())
    try:
        yield h
    finally:
        h.close()


def _session(host: ContainerHost, code: str) -> tuple[SandboxSession, StudentProxy]:
    backend = WarmDockerBackend(host)
    cells = [Cell("setup", "setup", "import torch"), Cell("answer", "answer", code)]
    session = SandboxSession(backend, cells, None, Limits())
    session.adopt(backend.spawn(Limits()))
    session.ensure()
    assert all(c.ok for c in session.loads[-1].cells), session.loads[-1]
    return session, StudentProxy(session)


def _run(host: ContainerHost, fn: Callable[[], Any], *, kill_after: float | None = None) -> Any:
    """Run ``fn`` the way the warm server runs a grading run: in a fork that inherits the host
    (and reads its frames), then ``sync()`` in the parent. Returns what ``fn`` returned."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked run
        os.close(r)
        try:
            out = {"ok": fn()}
        except BaseException as exc:
            out = {"error": f"{type(exc).__name__}: {exc}"}
        os.write(w, json.dumps(out).encode())
        os._exit(0)
    os.close(w)
    if kill_after is not None:
        time.sleep(kill_after)
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with os.fdopen(r, "rb") as fh:
        data = fh.read()
    assert host.sync(), "the container did not answer cleanly after the run"
    return json.loads(data) if data else None


def test_next_worker_finds_nothing_of_the_previous_one(host: ContainerHost) -> None:
    def run_a() -> Any:
        session, a = _session(host, LEAVE_BEHIND)
        info = a.info()
        session.stop()
        return info

    info = _run(host, run_a)["ok"]
    assert info["uid"] != 0

    def run_b() -> Any:
        session, b = _session(host, LOOK_AROUND)
        seen = b.look(info["home"], info["daemon"])
        assert session.spawned is not None
        ours = [
            os.fstat(f.fileno()).st_ino
            for f in (session.spawned.proc.stdin, session.spawned.proc.stdout)
        ]  # type: ignore[union-attr]
        session.stop()
        return {**seen, "our_pipes": [f"pipe:[{ino}]" for ino in ours]}

    seen = _run(host, run_b)["ok"]
    assert seen["uid"] not in (0, info["uid"]), seen
    assert seen["home"] != info["home"]
    assert seen["a_home_exists"] is False, seen
    assert seen["a_answers"] == "FileNotFoundError"
    assert seen["tmp"] == [] and seen["shm"] == [], seen
    assert seen["daemon_alive"] is False, "a process of the previous worker survived"
    assert seen["zygote_environ"] == "PermissionError"
    assert seen["zygote_mem"] == "PermissionError"
    assert seen["kill_zygote"] == "PermissionError"
    assert seen["write_scratch_root"] == "PermissionError"
    assert seen["setuid_root"] == "PermissionError"
    assert seen["network"] in ("OSError", "ConnectionRefusedError"), seen
    # the channel socket is there (bind-mounted), but its listener is closed: nobody gets in,
    # and the worker holds no descriptor of the zygote's connection (no socket at all)
    assert seen["channel_is_socket"] is True, seen
    assert seen["channel_connect"] == "ConnectionRefusedError", seen
    assert seen["socket_fds"] == [], seen
    # The worker's descriptors: pipes to the grader (the socket channel hands it the far ends
    # of pipes made on the trusted side), /dev/null, files in its own home (IPython's history),
    # and the one that listed /proc/self/fd (gone when read); nothing with a host path.
    targets = seen["fd_targets"]
    others = [
        t
        for t in targets
        if not t.startswith(("pipe:", seen["home"] + "/"))
        and t not in ("/dev/null", "FileNotFoundError")
    ]
    assert others == [] and sum(t.startswith("pipe:") for t in targets) >= 3, targets
    # ... and the two it speaks the protocol on are the very pipes the trusted side reads and
    # writes: no relay in between (the zygote passed the far ends on, SCM_RIGHTS).
    assert all(p in targets for p in seen["our_pipes"]), (seen["our_pipes"], targets)
    assert host.alive()


def test_a_crashed_worker_restarts_warm(host: ContainerHost) -> None:
    def run() -> Any:
        session, student = _session(
            host, "import os\ndef f(x):\n    return x * 2\ndef die():\n    os._exit(3)\n"
        )
        x = torch.arange(6.0).reshape(2, 3)
        first = torch.equal(student.f(x), x * 2)
        try:
            student.die()
            died = "no error"
        except Exception as exc:
            died = str(exc)
        session.fatal = None  # what the plugin does when the next test starts
        again = torch.equal(student.f(x), x * 2)  # a fresh worker from the same zygote
        session.stop()
        return {"first": first, "died": died, "again": again, "starts": session.starts}

    result = _run(host, run)
    assert "ok" in result, result
    out = result["ok"]
    assert out["first"] and out["again"]
    assert "ended the Python process" in out["died"]
    assert out["starts"] == 2


def test_a_run_killed_mid_call_leaves_the_container_usable(host: ContainerHost) -> None:
    """The run is SIGKILLed while its worker spins (as when a grading run hits its budget):
    sync() ends that worker, and the next run works in the same container."""

    def spin() -> Any:
        _session(host, "def spin():\n    while True:\n        pass\n")[1].spin()

    _run(host, spin, kill_after=3.0)

    def run() -> Any:
        session, student = _session(host, "def g():\n    return 41 + 1\n")
        value = student.g()
        session.stop()
        return value

    assert _run(host, run)["ok"] == 42
    assert host.alive()
