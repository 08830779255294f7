"""A throw-away course (the ``tiny`` assignment) released into a temporary folder, and helpers
to build student notebooks from its release."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from rich.console import Console

from autograder.cli import main as cli_main

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny_course"

GOOD = {
    "answer-double": 'def double(x):\n    """2x, same dtype and shape."""\n    return x + x\n',
    "answer-add": 'def add(x, y):\n    """x + y."""\n    return y + x\n',
}


@pytest.fixture(scope="session")
def tiny_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(FIXTURE / "assignments", root / "assignments")
    assert cli_main(["--course", str(root), "release", "tiny"]) == 0
    return root


def student_notebook(
    course: Path,
    answers: dict[str, str] | None = None,
    *,
    extra_first: str | None = None,
    extra_last: str | None = None,
) -> dict:
    """The released notebook with some answer cells replaced (as a student would edit it)."""
    nb = json.loads((course / "release" / "tiny" / "tiny.ipynb").read_text())
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if answers and cell.get("id") in answers:
            cell["source"] = answers[cell["id"]]
    answer_cells = [
        i
        for i, c in enumerate(nb["cells"])
        if c.get("metadata", {}).get("autograder", {}).get("role") == "answer"
    ]
    if extra_first is not None:
        first = nb["cells"][answer_cells[0]]
        first["source"] = extra_first + "\n" + "".join(first["source"])
    if extra_last is not None:
        last = nb["cells"][answer_cells[-1]]
        last["source"] = "".join(last["source"]) + "\n" + extra_last
    return nb


@pytest.fixture(scope="session")
def write_nb() -> Callable[[Path, str, object], Path]:
    def write(folder: Path, name: str, content: object) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.ipynb"
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content)
        else:
            path.write_text(json.dumps(content))
        return path

    return write


def grade(
    course: Path, submissions: Path, out: Path, *extra: str, sandbox: str = "process"
) -> dict[str, dict]:
    """Run ``autograder grade tiny`` and return each student's results.json."""
    code = cli_main(
        [
            "--course",
            str(course),
            "grade",
            "tiny",
            str(submissions),
            "--out",
            str(out),
            "--sandbox",
            sandbox,
            *extra,
        ]
    )
    assert code == 0
    return {p.parent.name: json.loads(p.read_text()) for p in out.glob("*/results.json")}


def quiet() -> Console:
    return Console(file=open("/dev/null", "w"), width=120)


def nbformat_v3(course: Path) -> str:
    """A v3 notebook (worksheets) with correct answers and nbgrader grade ids."""
    nb4 = nbformat.reads(json.dumps(student_notebook(course, GOOD)), as_version=4)
    return nbformat.writes(
        nbformat.v3.convert.upgrade(nbformat.v4.convert.downgrade(nb4)), version=3
    )
