"""The ``docker`` backend: one fresh container per worker, from the grading image.

``--network none``, read-only root filesystem, tmpfs scratch, the image's unprivileged user,
all capabilities dropped, ``no-new-privileges``, and pids/memory/cpu limits from
``assignment.toml``. Nothing from the host is mounted: the submission arrives over the
protocol on the container's stdin. The container is attached through the ``docker`` CLI
(``docker run -i``: plain pipes, the same transport as the process backend; the SDK's attach
socket would add a second framing layer for nothing) and removed with the SDK, also after an
interrupt: every container carries the batch's label and :meth:`close` removes what is left.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
import uuid

from ..course import Limits
from ..errors import SandboxUnavailable
from .base import Backend, Spawned
from .zygote import CHANNEL_PATH

__all__ = ["LABEL", "OWNER_LABEL", "DockerBackend", "docker_run_args", "remove_containers"]

LABEL = "org.genmodels.autograder.worker"  # value: the grading batch
OWNER_LABEL = "org.genmodels.autograder.runner"  # value: the runner that started the container


def docker_run_args(
    image: str,
    name: str,
    batch: str,
    limits: Limits,
    owner: str = "",
    *,
    warm: bool = False,
    channel: str | None = None,
) -> list[str]:
    """The ``docker run`` command line of one confined worker (pure, so tests can read it).

    ``warm``: the container of :mod:`autograder.sandbox.docker_warm` instead, whose PID 1 is
    :mod:`autograder.sandbox.zygote`. It runs as root with SETUID/SETGID/CHOWN only, to give each
    forked worker its own uid and scratch folder (the worker itself has no capability at all),
    and the zygote makes ``/scratch`` 0755, so a worker can write only in its own folder there.
    ``channel`` (warm only): a listening unix socket on the host, bind-mounted alone at
    :data:`CHANNEL_PATH`; the zygote connects to it instead of talking over the attach stream
    (stdin is then not attached).
    """
    memory = str(limits.memory_bytes)
    if warm:
        who = [
            "--user", "0:0",
            "--cap-drop", "ALL", "--cap-add", "SETUID", "--cap-add", "SETGID", "--cap-add", "CHOWN",
            "--security-opt", "no-new-privileges",
            "--tmpfs", "/scratch:rw,nosuid,nodev,size=512m,mode=0755",
        ]  # fmt: skip
        if channel is not None:
            who += ["--mount", f"type=bind,source={channel},target={CHANNEL_PATH}"]
        entry = [
            "--entrypoint",
            "/opt/venv/bin/python",
            image,
            "-I",
            "-m",
            "autograder.sandbox.zygote",
        ]
    else:
        who = [
            "--user", "10001:10001",
            "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges",
            "--tmpfs", "/scratch:rw,nosuid,nodev,size=512m,mode=1777",
            # Docker has no address-space ulimit; the worker lowers RLIMIT_AS on itself before
            # any student code runs, so a huge allocation is a MemoryError in the cell (as under
            # the process backend) rather than an OOM kill of the whole worker. (Warm workers
            # get all their rlimits from the zygote.)
            "--env", f"AUTOGRADER_AS_LIMIT={limits.memory_bytes}",
        ]  # fmt: skip
        entry = [image]
    return [
        "docker", "run", *([] if channel is not None else ["-i"]), "--rm",
        "--name", name,
        "--label", f"{LABEL}={batch}",
        "--label", f"{OWNER_LABEL}={owner}",
        "--network", "none",
        "--read-only",
        "--tmpfs", "/tmp:rw,nosuid,nodev,size=64m,mode=1777",
        "--workdir", "/scratch",
        "--env", "HOME=/scratch",
        "--env", "TMPDIR=/scratch",
        "--env", "MPLCONFIGDIR=/scratch",
        *who,
        "--pids-limit", str(limits.processes + (16 if warm else 0)),
        "--memory", memory,
        "--memory-swap", memory,
        "--cpus", f"{limits.cpus:g}",
        "--ulimit", f"fsize={limits.file_bytes}",
        "--ulimit", "core=0",
        "--log-driver", "none",
        *entry,
    ]  # fmt: skip


class DockerBackend(Backend):
    """Starts each worker in a container of the grading image."""

    name = "docker"

    def __init__(self, image: str | None = None, batch: str | None = None) -> None:
        from .image.labels import IMAGE_NAME

        if shutil.which("docker") is None:
            raise SandboxUnavailable(
                "the docker CLI is not installed: apt-get install docker.io, or use --sandbox process"
            )
        self.image = image or IMAGE_NAME
        self.batch = batch or uuid.uuid4().hex[:12]
        self.owner = uuid.uuid4().hex[:12]  # this runner's containers, among the batch's
        self.notes = []

    def spawn(self, limits: Limits) -> Spawned:
        name = f"ag-{self.batch}-{uuid.uuid4().hex[:8]}"
        proc = subprocess.Popen(
            docker_run_args(self.image, name, self.batch, limits, self.owner),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        return _DockerSpawned(proc=proc, backend=self.name, container=name)

    def close(self) -> None:
        remove_containers(f"{OWNER_LABEL}={self.owner}")


class _DockerSpawned(Spawned):
    def __init__(self, *, proc: subprocess.Popen[bytes], backend: str, container: str) -> None:
        super().__init__(proc=proc, backend=backend)
        self.container = container
        self._done = False

    def kill(self) -> None:
        if self._done:
            return
        self._done = True
        # Killing the CLI does not stop the container; remove it by name first.
        subprocess.run(
            ["docker", "rm", "-f", self.container], capture_output=True, check=False, timeout=60
        )
        super().kill()


def remove_containers(label: str) -> int:
    """Force-remove every container with ``label`` (``key=value``); how many were removed."""
    try:
        import docker

        client = docker.from_env()
        containers = client.containers.list(all=True, filters={"label": label})
    except Exception:  # no engine: nothing to remove
        return 0
    for c in containers:
        with contextlib.suppress(Exception):  # e.g. its --rm removal is already under way
            c.remove(force=True)
    # A container that exited on its own is removed by the engine asynchronously (--rm): wait
    # for that too, so nothing of the batch is listed once grading returns.
    deadline = time.monotonic() + 20.0
    while time.monotonic() < deadline:
        try:
            if not client.containers.list(all=True, filters={"label": label}):
                break
        except Exception:
            break
        time.sleep(0.2)
    return len(containers)
