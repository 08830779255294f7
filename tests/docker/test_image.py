"""The grading image: current, unprivileged, read-only-able, offline, and complete.

Skipped (with the reason) where no Docker engine is reachable; where the engine is there but the
image is not, only ``test_image_is_ready`` fails (it says how to build it) and the rest skip.
"""

from __future__ import annotations

import json
import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from autograder.sandbox.image import client as image_client
from autograder.sandbox.image import labels as image_labels
from autograder.sandbox.image import wheels

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parents[2]
PYTHON = "/opt/venv/bin/python"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    if not image_client.engine_available():
        pytest.skip(image_labels.NO_ENGINE_MESSAGE)
    import docker

    c = docker.from_env(timeout=120)
    yield c
    c.close()


@pytest.fixture(scope="module")
def grading_image(client: Any) -> Any:
    import docker.errors

    try:
        return client.images.get(image_labels.IMAGE_NAME)
    except docker.errors.ImageNotFound:
        pytest.skip(f"{image_labels.IMAGE_NAME} is not built: run `autograder image build`")


def run(client: Any, code: str, **options: Any) -> str:
    """Run ``code`` with the image's Python, isolated (-I), offline, removed afterwards."""
    options.setdefault("network_mode", "none")
    out = client.containers.run(
        image_labels.IMAGE_NAME,
        command=["-I", "-c", code],
        entrypoint=[PYTHON],
        remove=True,
        stdout=True,
        stderr=False,
        **options,
    )
    return bytes(out).decode().strip()


def test_image_is_ready(client: Any) -> None:
    """The image exists and its labels match this checkout's requirements, package and Dockerfile."""
    status = image_client.image_status(client, root=ROOT)
    differ = ""
    if status == "stale":
        have = client.images.get(image_labels.IMAGE_NAME).labels or {}
        want = image_labels.expected_labels(ROOT)
        differ = " (differs: " + ", ".join(k for k in want if have.get(k) != want[k]) + ")"
    assert status == "ready", (
        f"{image_labels.IMAGE_NAME} is {status}{differ}: run `autograder image build` "
        f"(offline: {image_labels.BASE_SCRIPT} first)"
    )


def test_labels_and_entrypoint(grading_image: Any) -> None:
    """The image says what it was built from, starts the worker in isolated mode, as uid 10001."""
    config = grading_image.attrs["Config"]
    labels = config["Labels"] or {}
    for key in (
        image_labels.LABEL_REQUIREMENTS,
        image_labels.LABEL_PACKAGE,
        image_labels.LABEL_DOCKERFILE,
    ):
        assert len(labels.get(key, "")) == 64, f"label {key} missing or not a sha256"
    assert config["Entrypoint"] == [PYTHON, "-I", "-m", "autograder.worker"]
    assert config["User"] == "10001:10001"
    assert config["WorkingDir"] == "/scratch"
    env = dict(e.split("=", 1) for e in config["Env"])
    assert env["OMP_NUM_THREADS"] == "1"
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"


def test_runs_as_unprivileged_user(client: Any, grading_image: Any) -> None:
    """The default user is the unprivileged grader (uid/gid 10001), never root."""
    out = client.containers.run(
        image_labels.IMAGE_NAME,
        entrypoint=["sh", "-c", "id -u; id -g; id -un"],
        network_mode="none",
        remove=True,
    )
    assert bytes(out).decode().split() == ["10001", "10001", "grader"]


def test_grader_cannot_modify_installed_code(client: Any, grading_image: Any) -> None:
    """Even without --read-only, the venv and system files belong to root, not to the grader."""
    code = (
        "import os, sys\n"
        "for p in ['/opt/venv/lib', '/etc', '/usr/lib']:\n"
        "    print(p, os.access(p, os.W_OK))\n"
    )
    assert run(client, code).splitlines() == [
        "/opt/venv/lib False",
        "/etc False",
        "/usr/lib False",
    ]


def test_root_filesystem_is_read_only(client: Any, grading_image: Any) -> None:
    """With --read-only, nothing outside the tmpfs scratch can be written, even as root."""
    code = (
        "import errno, os\n"
        "for p in ['/opt/venv/probe', '/tmp/probe', '/scratch/probe', '/probe']:\n"
        "    try:\n"
        "        open(p, 'w').close()\n"
        "        print(p, 'written')\n"
        "    except OSError as e:\n"
        "        print(p, errno.errorcode[e.errno])\n"
    )
    out = run(
        client,
        code,
        read_only=True,
        user="0:0",  # root inside: only the read-only mount stops it
        tmpfs={"/scratch": "rw,nosuid,nodev,size=16m,mode=1777"},
    )
    assert out.splitlines() == [
        "/opt/venv/probe EROFS",
        "/tmp/probe EROFS",
        "/scratch/probe written",
        "/probe EROFS",
    ]


def test_grader_can_write_scratch_under_read_only(client: Any, grading_image: Any) -> None:
    """As the grader, under --read-only with the backend's tmpfs, /scratch and /tmp are writable."""
    code = (
        "import os\n"
        "for p in ['/scratch/probe', '/tmp/probe', 'relative-probe']:\n"
        "    open(p, 'w').close()\n"
        "print(os.getcwd(), os.getuid())\n"
    )
    out = run(
        client,
        code,
        read_only=True,
        cap_drop=["ALL"],
        tmpfs={
            "/scratch": "rw,nosuid,nodev,size=16m,mode=1777",
            "/tmp": "rw,nosuid,nodev,size=16m,mode=1777",
        },
    )
    assert out == "/scratch 10001"


def test_imports_offline(client: Any, grading_image: Any) -> None:
    """What the worker and student code import is installed and imports with no network."""
    code = (
        "import torch, numpy, scipy, IPython, msgpack, autograder, autograder.worker\n"
        "print(torch.__version__, torch.ones(3).sum().item(), numpy.__version__)"
    )
    torch_v, total, numpy_v = run(client, code).split()
    assert torch_v.startswith("2.13.") and torch_v.endswith("+cpu")
    assert float(total) == 3.0
    assert numpy_v.startswith("2.")


def test_nothing_unpinned_is_installed(client: Any, grading_image: Any) -> None:
    """The venv holds exactly the pins of grading_env/requirements.txt, plus pip and the autograder."""
    pins = wheels.pinned_requirements((ROOT / image_labels.REQUIREMENTS).read_text())
    code = (
        "import importlib.metadata as m\n"
        "for d in m.distributions(): print(d.metadata['Name'], d.version)\n"
    )
    installed = {
        wheels.canonical_name(name): version
        for name, version in (line.split() for line in run(client, code).splitlines())
    }
    assert installed.pop("genmodels-autograder") is not None
    assert installed.pop("pip") is not None  # the venv's own installer
    assert installed == pins


def test_no_network(client: Any, grading_image: Any) -> None:
    """Under --network none only a loopback of its own exists: no route out, no host port."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        code = (
            "import os, socket\n"
            "print(','.join(sorted(os.listdir('/sys/class/net'))))\n"
            "routes = open('/proc/net/route').read().splitlines()[1:]\n"
            "print(len(routes))\n"
            "s = socket.socket(); s.settimeout(5)\n"
            f"print(s.connect_ex(('127.0.0.1', {port})) != 0)\n"
        )
        interfaces, n_routes, refused = run(client, code).splitlines()
    assert interfaces == "lo"
    assert n_routes == "0"
    assert refused == "True", "the container reached a port open on the host's loopback"


def test_worker_answers_under_the_sandbox_flags(grading_image: Any) -> None:
    """The image runs the worker under the docker backend's exact flags (read-only root, tmpfs
    scratch, no capabilities, limits) and answers a load and a call over stdin/stdout."""
    from autograder.course import Limits
    from autograder.sandbox.docker import docker_run_args, remove_containers
    from autograder.wire.codec import decode, encode
    from autograder.wire.protocol import PeerClosed, read_frame_blocking, write_frame_blocking

    batch = f"test-{uuid.uuid4().hex[:8]}"
    args = docker_run_args(image_labels.IMAGE_NAME, f"ag-{batch}", batch, Limits())
    cell = (
        "import os, tempfile\n"
        "with open('notes.txt', 'w') as fh:\n"  # the working directory is the tmpfs scratch
        "    fh.write('scratch is writable')\n"
        "def f(x):\n"
        "    return x * 2\n"
    )
    try:
        with subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as proc:
            assert proc.stdin is not None and proc.stdout is not None
            stdin, stdout = proc.stdin, proc.stdout

            def ask(request: dict[str, Any]) -> Any:
                try:
                    write_frame_blocking(stdin, encode(request))
                    return decode(read_frame_blocking(stdout))
                except (PeerClosed, BrokenPipeError):
                    _, err = proc.communicate(timeout=60)
                    pytest.fail(
                        f"the worker container ended (exit {proc.returncode}) before answering "
                        f"{request['op']!r}: {err.decode(errors='replace')[-2000:]}"
                    )

            try:
                loaded = ask({"op": "load", "cells": [["c1", "answer", cell]]})
                assert loaded["ok"], loaded
                assert [(c["ok"], c["error"]) for c in loaded["cells"]] == [(True, "")]
                call = {"op": "call", "target": {"name": "f"}, "args": [21], "kwargs": {}}
                assert ask(call) == {"ok": True, "value": 42}
                _, stderr = proc.communicate(timeout=60)  # closes stdin: the worker exits
            except BaseException:
                proc.kill()
                raise
            assert proc.returncode == 0
            assert b"not a writable location" not in stderr, stderr.decode(errors="replace")
    finally:
        remove_containers(f"org.genmodels.autograder.worker={batch}")


def test_a_container_without_sys_admin_cannot_confine_a_process_worker(
    client: Any, grading_image: Any
) -> None:
    """A root grader inside an ordinary container (Gradescope's, say) can enter no namespace:
    the process sandbox's probe says so, so `grade --sandbox process` refuses there unless
    `--unconfined` (which the Gradescope bundle passes) allows the fallback."""
    code = "import json; from autograder.sandbox.confine import probe; print(json.dumps(probe()))"
    mode, why = json.loads(run(client, code, user="0:0"))
    assert mode is None
    assert "root:" in why and "userns:" in why
