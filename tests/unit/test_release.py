"""``autograder release``: what is written where, --check, atomicity, and author errors (exit 2)."""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from autograder.authoring import release as release_module
from autograder.authoring.nbio import loads_notebook
from autograder.authoring.release import build_release, diff_release, run_release, stale_files
from autograder.cli import main
from autograder.course import load_assignment
from autograder.errors import LeakError

ANSWER = (
    "def double(x):\n    ### BEGIN SOLUTION\n    return torch.mul(x, 2.0)\n    ### END SOLUTION\n"
)
PUBLIC = "from autograder.testing import points\n\n\n@points(1)\ndef test_shape(student):\n    assert student.double(1) is not None\n"
HIDDEN = (
    "def test_value(student, reference):\n    assert student.double(2) == reference.double(2)\n"
)


def cell(
    kind: str, source: str, cid: str | None = None, tags: list[str] | None = None
) -> dict[str, Any]:
    c: dict[str, Any] = {
        "cell_type": kind,
        "metadata": {"tags": tags} if tags else {},
        "source": source,
    }
    if cid:
        c["id"] = cid
    if kind == "code":
        c["outputs"] = []
        c["execution_count"] = None
    return c


def nb_json(*cells: dict[str, Any]) -> str:
    return json.dumps(
        {
            "cells": list(cells),
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    )


GOOD = nb_json(
    cell("markdown", "# Doubling", "intro"),
    cell("code", "import torch", "setup", tags=["setup"]),
    cell("code", ANSWER, "answer-double"),
    cell("code", "double(torch.ones(2))", "demo"),
)


def make_assignment(
    root: Path, aid: str = "hw01_tiny", notebook: str | bytes = GOOD, **files: str | bytes
) -> Path:
    """An assignment folder; ``files`` maps relative paths (``__`` for ``/``) to contents."""
    folder = root / "assignments" / aid
    folder.mkdir(parents=True, exist_ok=True)
    data = notebook.encode() if isinstance(notebook, str) else notebook
    (folder / f"{aid}.ipynb").write_bytes(data)
    defaults: dict[str, str | bytes] = {
        "assignment.toml": 'title = "Tiny"\n',
        "tests__public__test_public.py": PUBLIC,
        "tests__hidden__test_hidden.py": HIDDEN,
        "mutants__wrong.py": "# must-fail: test_value\ndef double(x):\n    return x\n",
    }
    for rel, content in {**defaults, **files}.items():
        path = folder / rel.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return folder


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under release/ and solutions/ (and any stray staging folder) with its bytes."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and not rel.startswith("assignments/"):
            out[rel] = p.read_bytes()
    return out


def release(root: Path, *args: str) -> int:
    return main(["--course", str(root), "release", *args])


@pytest.fixture
def course(tmp_path: Path) -> Path:
    make_assignment(tmp_path, "hw01_tiny", **{"support.py": "def helper():\n    return 1\n"})
    return tmp_path


def quiet() -> Console:
    return Console(file=io.StringIO(), width=200)


# --- what is written ----------------------------------------------------------------------------


def test_release_writes_exactly_the_student_and_solution_files(course: Path) -> None:
    folder = course / "assignments" / "hw01_tiny"
    (folder / "data").mkdir()
    (folder / "data" / "moons.csv").write_text("x,y\n0,1\n")
    (folder / "tests" / "public" / "__pycache__").mkdir()
    (folder / "tests" / "public" / "__pycache__" / "test_public.cpython-311.pyc").write_bytes(b"\0")
    assert release(course) == 0
    assert sorted(snapshot(course)) == [
        "release/hw01_tiny/data/moons.csv",
        "release/hw01_tiny/hw01_tiny.ipynb",
        "release/hw01_tiny/support.py",
        "release/hw01_tiny/tests/public/test_public.py",
        "solutions/hw01_tiny/hw01_tiny.ipynb",
    ]
    files = snapshot(course)
    assert files["release/hw01_tiny/tests/public/test_public.py"] == PUBLIC.encode()
    student = loads_notebook(files["release/hw01_tiny/hw01_tiny.ipynb"])
    solution = loads_notebook(files["solutions/hw01_tiny/hw01_tiny.ipynb"])
    assert "raise NotImplementedError()" in student.cells[2].source
    assert "torch.mul(x, 2.0)" in solution.cells[2].source
    assert b"torch.mul" not in files["release/hw01_tiny/hw01_tiny.ipynb"]
    assert [c.id for c in student.cells] == ["intro", "setup", "answer-double", "demo"]


def test_written_notebooks_are_formatted_deterministically(course: Path) -> None:
    assert release(course) == 0
    data = (course / "release" / "hw01_tiny" / "hw01_tiny.ipynb").read_bytes()
    assert data.endswith(b"}\n") and data.startswith(b'{\n "cells": [\n  {\n')
    parsed = json.loads(data)
    assert (
        data == (json.dumps(parsed, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()
    )


def test_release_twice_gives_byte_identical_files(course: Path) -> None:
    assert release(course) == 0
    first = snapshot(course)
    assert release(course, "hw01_tiny") == 0
    assert snapshot(course) == first


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(alphabet="abcdefghij =+()", min_size=1, max_size=20), max_size=4))
def test_release_is_a_function_of_the_source(
    tmp_path_factory: pytest.TempPathFactory, extra: list[str]
) -> None:
    outs = []
    for _ in range(2):
        root = tmp_path_factory.mktemp("course")
        nb = nb_json(cell("code", ANSWER, "a"), *[cell("code", "x = " + repr(e)) for e in extra])
        make_assignment(root, notebook=nb)
        assert run_release(root, [], check=False, console=quiet()) == 0
        outs.append({k.split("/", 1)[1]: v for k, v in snapshot(root).items()})
    assert outs[0] == outs[1]


def test_release_never_ships_secrets(course: Path) -> None:
    folder = course / "assignments" / "hw01_tiny"
    (folder / "tests" / "public" / ".pytest_cache").mkdir()
    (folder / "tests" / "public" / ".pytest_cache" / "x").write_text("x")
    assert release(course) == 0
    shipped = " ".join(snapshot(course))
    for secret in ("hidden", "mutants", "assignment.toml", "wrong.py", ".pytest_cache"):
        assert secret not in shipped


def test_release_without_ids_releases_every_assignment(course: Path) -> None:
    make_assignment(course, "hw02_other")
    assert release(course) == 0
    assert (course / "release" / "hw02_other" / "hw02_other.ipynb").is_file()
    assert (course / "solutions" / "hw01_tiny" / "hw01_tiny.ipynb").is_file()


def test_release_replaces_the_old_folder_entirely(course: Path) -> None:
    assert release(course) == 0
    (course / "release" / "hw01_tiny" / "leftover.txt").write_text("old")
    (course / "assignments" / "hw01_tiny" / "support.py").unlink()
    assert release(course) == 0
    assert not (course / "release" / "hw01_tiny" / "leftover.txt").exists()
    assert not (course / "release" / "hw01_tiny" / "support.py").exists()
    assert not list(course.glob(".release-staging-*"))


def test_build_release_is_keyed_by_course_relative_path(course: Path) -> None:
    files = build_release(load_assignment(course, "hw01_tiny"))
    assert list(files) == sorted(files)
    assert set(files) == {
        "release/hw01_tiny/hw01_tiny.ipynb",
        "release/hw01_tiny/support.py",
        "release/hw01_tiny/tests/public/test_public.py",
        "solutions/hw01_tiny/hw01_tiny.ipynb",
    }
    assert not (course / "release").exists()  # building writes nothing


def test_summary_names_cells_answers_and_files(course: Path) -> None:
    console = quiet()
    assert run_release(course, ["hw01_tiny"], check=False, console=console) == 0
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert re.search(r"hw01_tiny\s*│\s*4\s*│\s*1\s*│\s*1\s*│\s*4\s*│\s*written", out), out


# --- --check ------------------------------------------------------------------------------------


def test_check_on_a_fresh_course_reports_missing_and_writes_nothing(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert release(course, "--check") == 1
    out = capsys.readouterr().out
    assert "missing release/hw01_tiny/hw01_tiny.ipynb" in " ".join(out.split())
    assert not (course / "release").exists() and not (course / "solutions").exists()


def test_check_after_release_passes(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert release(course) == 0
    assert release(course, "--check") == 0
    assert "up to date" in capsys.readouterr().out


def test_check_reports_stale_missing_and_extra(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert release(course) == 0
    (course / "release" / "hw01_tiny" / "support.py").write_text("changed\n")
    (course / "solutions" / "hw01_tiny" / "hw01_tiny.ipynb").unlink()
    (course / "release" / "hw01_tiny" / "notes.txt").write_text("extra\n")
    (course / "release" / "hw01_tiny" / "__pycache__").mkdir()
    (course / "release" / "hw01_tiny" / "__pycache__" / "x.pyc").write_bytes(b"")
    before = snapshot(course)
    capsys.readouterr()
    assert release(course, "--check") == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "stale release/hw01_tiny/support.py" in out
    assert "missing solutions/hw01_tiny/hw01_tiny.ipynb" in out
    assert "extra release/hw01_tiny/notes.txt" in out
    assert "pycache" not in out
    assert snapshot(course) == before
    a = load_assignment(course, "hw01_tiny")
    assert [c.status for c in diff_release(a, build_release(a))] == ["extra", "stale", "missing"]
    assert stale_files(a) == [
        "release/hw01_tiny/notes.txt (extra)",
        "release/hw01_tiny/support.py (stale)",
        "solutions/hw01_tiny/hw01_tiny.ipynb (missing)",
    ]


def test_check_sees_an_edited_source(course: Path) -> None:
    assert release(course) == 0
    make_assignment(course, notebook=GOOD.replace("# Doubling", "# Doubling, revised"))
    assert release(course, "--check") == 1
    assert release(course) == 0
    assert release(course, "--check") == 0


# --- author errors: exit 2, a message naming path and cell, release/ untouched -------------------


def _cells_with(source: str, kind: str = "code") -> str:
    return nb_json(
        cell("markdown", "# T", "intro"), cell("code", ANSWER, "a"), cell(kind, source, "bad")
    )


BROKEN: dict[str, tuple[str | bytes, str]] = {
    "unclosed": (
        _cells_with("### BEGIN SOLUTION\nx = 1\n"),
        r"cell 3, line 1: `### BEGIN SOLUTION` is never closed",
    ),
    "nested": (
        _cells_with(
            "### BEGIN SOLUTION\n### BEGIN SOLUTION\nx\n### END SOLUTION\n### END SOLUTION"
        ),
        r"cell 3, line 2: .*cannot nest",
    ),
    "stray_end": (
        _cells_with("x = 1\n### END SOLUTION"),
        r"cell 3, line 2: `### END SOLUTION` with no open",
    ),
    "raw_marker": (
        _cells_with("# BEGIN SOLUTION\nsecret\n# END SOLUTION", "raw"),
        r"cell 3: .*raw cell",
    ),
    "setup_solution": (
        nb_json(
            cell(
                "code",
                "import torch\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION",
                "s",
                tags=["setup"],
            )
        ),
        r"cell 1: .*tagged `setup`",
    ),
    "truncated": (GOOD[: len(GOOD) // 2], r"not valid JSON.*truncated"),
    "nbformat3": (
        json.dumps({"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": []}),
        r"nbformat 3",
    ),
    "empty_file": (b"", r"empty"),
    "no_cells": (nb_json(), r"no cells"),
    "not_a_notebook": (json.dumps({"hello": 1}), r"not a Jupyter notebook"),
    "invalid_schema": (
        nb_json({"cell_type": "code", "source": "x"}),
        r"cell 1: not a valid nbformat 4 notebook",
    ),
    "no_answer": (nb_json(cell("code", "x = 1", "x")), r"no answer cell"),
    "leak_markdown": (
        nb_json(
            cell("code", ANSWER, "a"), cell("markdown", "Use `return torch.mul(x, 2.0)`.", "m")
        ),
        r"cell 2, line 1: the solution line `return torch.mul\(x, 2.0\)`",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_author_errors_exit_2_and_leave_the_release_untouched(
    course: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    assert release(course) == 0
    before = snapshot(course)
    notebook, message = BROKEN[case]
    make_assignment(course, notebook=notebook)
    capsys.readouterr()
    assert release(course) == 2
    err = " ".join(capsys.readouterr().err.split())
    source = str(course / "assignments" / "hw01_tiny" / "hw01_tiny.ipynb")
    assert "".join(err.split()).count("".join(source.split())) >= 1, err
    assert re.search(message, err), err
    assert "Fix:" in err
    assert snapshot(course) == before
    assert release(course, "--check") == 2  # --check refuses the same way


def test_one_broken_assignment_stops_the_whole_release(course: Path) -> None:
    make_assignment(course, "hw02_broken", notebook=_cells_with("### BEGIN SOLUTION"))
    assert release(course) == 2
    assert not (course / "release").exists() and not (course / "solutions").exists()


@pytest.mark.parametrize(
    ("public", "message"),
    [
        ("from tests.hidden.test_hidden import test_value\n", "imports the hidden tests"),
        ("from ..hidden import test_hidden\n", "imports the hidden tests"),
        ("import test_hidden\n", "imports the hidden tests"),
        ("import pytest\npytest.main(['tests/hidden'])\n", "names the hidden tests"),
        (
            "from pathlib import Path\nHERE = Path(__file__).parent.parent / 'hidden'\n",
            "names the hidden tests",
        ),
        ("# compare with test_hidden.py\n", "names the hidden tests"),
        (
            "def test_x(student):\n    assert student.double(2) == 4  # return torch.mul(x, 2.0)\n",
            "solution line",
        ),
        ("def test_x(:\n", "does not parse"),
    ],
)
def test_public_tests_that_reach_for_hidden_ones_or_hold_solutions(
    course: Path, capsys: pytest.CaptureFixture[str], public: str, message: str
) -> None:
    make_assignment(course, **{"tests__public__test_more.py": public})
    assert release(course) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "test_more.py" in err and message in err
    assert not (course / "release").exists()


def test_public_tests_may_share_names_and_words_with_hidden_ones(course: Path) -> None:
    public = "hidden_dim = 64\n\n\ndef test_hidden_units(student):\n    model = student.Net(hidden_dim)\n    assert model.hidden.out_features == 64\n"
    make_assignment(course, **{"tests__public__test_hidden.py": public})
    assert release(course) == 0


def test_support_file_with_a_solution_line_is_a_leak(course: Path) -> None:
    make_assignment(course, **{"support.py": "def ref(x):\n    return torch.mul(x, 2.0)\n"})
    with pytest.raises(LeakError) as info:
        build_release(load_assignment(course, "hw01_tiny"))
    assert (
        info.value.path is not None
        and info.value.path.name == "support.py"
        and info.value.line == 2
    )


def test_unknown_assignment_is_a_usage_error(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert release(course, "hw99_nope") == 2
    assert "hw99_nope" in capsys.readouterr().err


def test_course_without_assignments(tmp_path: Path) -> None:
    assert release(tmp_path) == 2
    (tmp_path / "assignments").mkdir()
    assert release(tmp_path) == 2


# --- atomicity ----------------------------------------------------------------------------------


def _failing_replace(fail_on: int) -> Callable[[Any, Any], None]:
    calls = {"n": 0}
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] == fail_on:
            raise OSError("disk full")
        real(src, dst)

    return replace


@pytest.mark.parametrize("fail_on", [1, 2, 3, 4])
def test_a_failed_swap_restores_the_previous_release(
    course: Path, monkeypatch: pytest.MonkeyPatch, fail_on: int
) -> None:
    assert release(course) == 0
    before = snapshot(course)
    make_assignment(course, notebook=GOOD.replace("# Doubling", "# Changed"))
    monkeypatch.setattr(release_module.os, "replace", _failing_replace(fail_on))
    with pytest.raises(OSError, match="disk full"):
        run_release(course, ["hw01_tiny"], check=False, console=quiet())
    monkeypatch.undo()
    assert snapshot(course) == before
    assert not list(course.glob(".release-staging-*"))


def test_an_up_to_date_release_is_not_rewritten(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert release(course) == 0

    def boom(*_: Any) -> None:
        raise AssertionError("wrote an up-to-date release")

    monkeypatch.setattr(release_module, "write_release", boom)
    assert run_release(course, [], check=False, console=quiet()) == 0


def test_a_public_file_linking_to_a_hidden_test_is_a_leak(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = course / "assignments" / "hw01_tiny"
    (folder / "tests" / "public" / "test_linked.py").symlink_to(
        folder / "tests" / "hidden" / "test_hidden.py"
    )
    assert release(course) == 2
    assert "test_linked.py" in capsys.readouterr().err
    assert not (course / "release").exists()
