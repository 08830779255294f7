"""Bad input and hostile code: each gets the expected score and a plain message, and the batch
goes on. One batch of every case is graded once (process sandbox); each test reads its result."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from .conftest import GOOD, grade, nbformat_v3, student_notebook

FULL = 6.0  # 5 hidden + 1 public


def _cases(course: Path, port: int) -> dict[str, object]:
    hidden = course / "assignments" / "tiny" / "tests" / "hidden" / "test_tiny.py"
    sol = course / "solutions" / "tiny" / "tiny.ipynb"
    good = student_notebook(course, GOOD)
    deleted = student_notebook(course, GOOD)
    deleted["cells"] = [c for c in deleted["cells"] if c.get("id") != "answer-add"]
    return {
        "correct": good,
        "untouched": student_notebook(course),
        "malformed_json": json.dumps(good)[:-200],
        "nbformat3": nbformat_v3(course),
        "empty": {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
        "answer_deleted": deleted,
        "toplevel_loop": student_notebook(course, GOOD, extra_last="while True:\n    pass"),
        "function_loop": student_notebook(
            course, {**GOOD, "answer-add": "def add(x, y):\n    while True:\n        pass"}
        ),
        "os_exit": student_notebook(course, GOOD, extra_last="import os\nos._exit(0)"),
        "sys_exit": student_notebook(course, GOOD, extra_last="import sys\nsys.exit(0)"),
        "segfault": student_notebook(course, GOOD, extra_last="import ctypes\nctypes.string_at(0)"),
        "alloc_50gb": student_notebook(course, GOOD, extra_last="big = bytearray(50 * 10**9)"),
        "fork_loop": student_notebook(
            course,
            GOOD,
            extra_last=(
                "import os, time\nstarted = 0\nfor _ in range(5000):\n    try:\n        pid = os.fork()\n"
                "    except OSError:\n        break\n    if pid == 0:\n        time.sleep(600)\n        os._exit(0)\n"
                "    started += 1\nprint('forked', started)"
            ),
        ),
        "print_1gb": student_notebook(
            course,
            GOOD,
            extra_last="import sys, os\nsys.stdout.write('x' * 2**30)\nos.write(1, b'y' * 2**28)",
        ),
        "huge_value": student_notebook(
            course,
            {
                **GOOD,
                "answer-double": "import torch\ndef double(x):\n    return torch.zeros(150_000_000)",
            },
        ),
        "eq_always_true": student_notebook(
            course,
            {
                **GOOD,
                "answer-add": (
                    "class Yes:\n    def __eq__(self, other):\n        return True\n    __hash__ = None\n"
                    "def add(x, y):\n    return Yes()"
                ),
            },
        ),
        "monkeypatch": student_notebook(
            course,
            {**GOOD, "answer-double": "def double(x):\n    return x"},
            extra_last=(
                "import torch, numpy.testing\ntorch.allclose = lambda *a, **k: True\ntorch.equal = lambda *a, **k: True\n"
                "numpy.testing.assert_allclose = lambda *a, **k: None\nimport builtins\nbuiltins.isinstance = lambda *a: True"
            ),
        ),
        "read_secrets": student_notebook(
            course,
            GOOD,
            extra_last=(
                "for p in [" + repr(str(hidden)) + ", " + repr(str(sol)) + ", '/root/.bashrc']:\n"
                "    try:\n        print('READ', p, len(open(p).read()))\n"
                "    except Exception as e:\n        print('DENIED', p, type(e).__name__)"
            ),
        ),
        "network": student_notebook(
            course,
            GOOD,
            extra_last=(
                "import socket\ntry:\n    socket.create_connection(('127.0.0.1', "
                + str(port)
                + "), timeout=2)\n"
                "    print('NETWORK REACHED')\nexcept OSError as e:\n    print('NETWORK BLOCKED', type(e).__name__)"
            ),
        ),
    }


def _docker_ready() -> str | None:
    """None when the docker backend can run here, else why not."""
    try:
        from autograder.sandbox.image.client import image_status

        status = image_status()
    except Exception as exc:  # no engine, no SDK connection
        return f"no Docker engine reachable ({exc})"
    return (
        None
        if status == "ready"
        else f"the grading image is {status}: run `autograder image build`"
    )


@pytest.fixture(
    scope="module", params=["process", pytest.param("docker", marks=pytest.mark.docker)]
)
def hostile(
    request: pytest.FixtureRequest,
    tiny_course: Path,
    tmp_path_factory: pytest.TempPathFactory,
    write_nb,
) -> dict[str, dict]:
    """Every case graded once per backend: the whole list must hold under both."""
    if request.param == "docker" and (why := _docker_ready()) is not None:
        pytest.skip(why)
    subs = tmp_path_factory.mktemp("subs")
    out = tmp_path_factory.mktemp("out")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    try:
        for name, content in _cases(tiny_course, listener.getsockname()[1]).items():
            write_nb(subs, name, content)
        results = grade(tiny_course, subs, out, "--jobs", "2", sandbox=request.param)
    finally:
        listener.close()
    feedback = {p.parent.name: p.read_text() for p in out.glob("*/feedback.md")}
    return {k: {**v, "feedback": feedback[k]} for k, v in results.items()}


def _test(result: dict, name: str) -> dict:
    return next(t for t in result["tests"] if t["name"] == name)


def test_every_submission_has_a_result(hostile: dict[str, dict]) -> None:
    assert set(hostile) == {
        "correct", "untouched", "malformed_json", "nbformat3", "empty", "answer_deleted", "toplevel_loop",
        "function_loop", "os_exit", "sys_exit", "segfault", "alloc_50gb", "fork_loop", "print_1gb", "huge_value",
        "eq_always_true", "monkeypatch", "read_secrets", "network",
    }  # fmt: skip


def test_correct_gets_full_marks_and_untouched_zero(hostile: dict[str, dict]) -> None:
    assert hostile["correct"]["score"] == FULL == hostile["correct"]["max_score"]
    assert hostile["untouched"]["score"] == 0
    assert "Not answered yet" in _test(hostile["untouched"], "test_add_integers")["output"]


def test_malformed_json_is_reported(hostile: dict[str, dict]) -> None:
    r = hostile["malformed_json"]
    assert r["score"] == 0 and r["max_score"] == FULL
    assert "not valid JSON" in r["output"] and "save it again" in r["output"]


def test_nbformat3_is_converted_and_graded(hostile: dict[str, dict]) -> None:
    assert hostile["nbformat3"]["score"] == FULL


def test_empty_notebook_is_reported(hostile: dict[str, dict]) -> None:
    assert hostile["empty"]["score"] == 0
    assert "no cells" in hostile["empty"]["output"]


def test_deleted_answer_cell_costs_only_its_tests(hostile: dict[str, dict]) -> None:
    r = hostile["answer_deleted"]
    assert "answer-add" in r["output"] and "missing" in r["output"]
    assert _test(r, "test_double_values")["status"] == "passed"
    assert _test(r, "test_add_integers")["status"] == "failed"
    assert r["score"] == 3


def test_top_level_loop_times_out_and_scores_zero(hostile: dict[str, dict]) -> None:
    r = hostile["toplevel_loop"]
    assert r["score"] == 0
    assert "ran past" in r["feedback"] and "running your notebook's cells" in r["feedback"]


def test_loop_inside_a_function_fails_only_its_tests(hostile: dict[str, dict]) -> None:
    r = hostile["function_loop"]
    assert "your code ran past 3 s while calling `add`" in _test(r, "test_add_integers")["output"]
    assert _test(r, "test_double_values")["status"] == "passed"
    assert r["score"] == 3


@pytest.mark.parametrize("case", ["os_exit", "segfault"])
def test_interpreter_exit_or_crash_is_reported(hostile: dict[str, dict], case: str) -> None:
    r = hostile[case]
    assert r["score"] == 0
    assert "ended the Python process" in r["feedback"]
    if case == "segfault":
        assert "SIGSEGV" in r["feedback"]


def test_sys_exit_is_a_cell_error_and_definitions_survive(hostile: dict[str, dict]) -> None:
    r = hostile["sys_exit"]
    assert "SystemExit" in r["feedback"]
    assert r["score"] == FULL


def test_allocating_50gb_fails_that_cell_only(hostile: dict[str, dict]) -> None:
    r = hostile["alloc_50gb"]
    assert "MemoryError" in r["feedback"]
    assert r["score"] == FULL


def test_fork_loop_is_bounded_and_grading_goes_on(hostile: dict[str, dict]) -> None:
    r = hostile["fork_loop"]
    assert r["score"] == FULL
    forked = [line for line in r["feedback"].splitlines() if line.startswith("forked")]
    assert forked and int(forked[0].split()[1]) < 5000


def test_printing_a_gigabyte_is_capped(hostile: dict[str, dict]) -> None:
    r = hostile["print_1gb"]
    assert r["score"] == FULL
    assert "more characters of output not kept" in r["feedback"]
    assert len(r["feedback"]) < 100_000


def test_value_over_the_cap_fails_the_test_with_a_message(hostile: dict[str, dict]) -> None:
    r = hostile["huge_value"]
    out = _test(r, "test_double_values")["output"]
    assert _test(r, "test_double_values")["status"] == "failed"
    assert "exceeds the limit" in out or "oversized" in out
    assert _test(r, "test_add_integers")["status"] == "passed"


def test_eq_always_true_does_not_pass(hostile: dict[str, dict]) -> None:
    r = hostile["eq_always_true"]
    assert _test(r, "test_add_integers")["status"] == "failed"
    assert _test(r, "test_add_tensors")["status"] == "failed"


def test_monkeypatching_the_sandbox_changes_nothing(hostile: dict[str, dict]) -> None:
    r = hostile["monkeypatch"]
    assert _test(r, "test_double_values")["status"] == "failed"


def test_hidden_tests_solutions_and_home_are_not_readable(hostile: dict[str, dict]) -> None:
    fb = hostile["read_secrets"]["feedback"]
    assert "READ " not in fb
    assert fb.count("DENIED") == 3


def test_network_is_unreachable(hostile: dict[str, dict]) -> None:
    fb = hostile["network"]["feedback"]
    assert "NETWORK BLOCKED" in fb and "NETWORK REACHED" not in fb
