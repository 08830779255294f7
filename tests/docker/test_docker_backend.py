"""The docker backend end to end: same grades as the process backend, nothing left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.cli import main as cli_main

pytestmark = pytest.mark.docker
REPO = Path(__file__).resolve().parents[2]


def _ready() -> str | None:
    try:
        from autograder.sandbox.image.client import image_status

        status = image_status()
    except Exception as exc:
        return f"no Docker engine reachable ({exc})"
    return (
        None
        if status == "ready"
        else f"the grading image is {status}: run `autograder image build`"
    )


@pytest.fixture(scope="module", autouse=True)
def _engine() -> None:
    if (why := _ready()) is not None:
        pytest.skip(why)


def _containers(label: str = "org.genmodels.autograder.worker") -> list[str]:
    out = subprocess.run(
        ["docker", "ps", "-aq", "--filter", f"label={label}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def _strip(d: object) -> object:
    if isinstance(d, dict):
        return {k: _strip(v) for k, v in d.items() if k != "execution_time"}
    if isinstance(d, list):
        return [_strip(v) for v in d]
    return d


def test_hw03_examples_grade_the_same_under_docker_and_process(tmp_path: Path) -> None:
    outs = {}
    for backend in ("process", "docker"):
        out = tmp_path / backend
        code = cli_main(
            [
                "--course",
                str(REPO),
                "grade",
                "hw03_flows",
                str(REPO / "examples/submissions/hw03_flows"),
                "--out",
                str(out),
                "--sandbox",
                backend,
                "--jobs",
                "2",
            ]
        )
        assert code == 0
        assert json.loads((out / "summary.json").read_text())["sandbox"] == backend
        outs[backend] = {
            p.parent.name: _strip(json.loads(p.read_text())) for p in out.glob("*/results.json")
        }
    assert outs["docker"] == outs["process"]
    assert outs["docker"]["alice_correct"]["score"] == 100  # type: ignore[index]
    assert _containers() == [], "containers were left behind"


def test_interrupt_leaves_no_container(tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    subs.mkdir()
    loop = json.loads(
        (REPO / "examples/submissions/hw03_flows/dave_infinite_loop.ipynb").read_text()
    )
    for i in range(2):
        (subs / f"s{i}.ipynb").write_text(json.dumps(loop))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            "hw03_flows",
            str(subs),
            "--out",
            str(tmp_path / "out"),
            "--sandbox",
            "docker",
            "--jobs",
            "2",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # A suite started in the background (`.ci/run &`) inherits SIGINT ignored, and Python then
        # installs no KeyboardInterrupt handler: give the child the disposition a terminal gives.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while not _containers() and time.monotonic() < deadline:  # wait until workers run
        time.sleep(0.5)
    assert _containers(), "no container started"
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=120) == 130
    for _ in range(60):
        if not _containers():
            break
        time.sleep(1)
    assert _containers() == [], "Ctrl-C left containers behind"
    assert os.path.isdir(tmp_path / "out")
