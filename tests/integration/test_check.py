"""`autograder check`: a student's self-check runs the public tests and reads the notebook's structure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from autograder.cli import main as cli_main

from .conftest import GOOD, student_notebook


def _student_folder(course: Path, tmp_path: Path, nb: dict) -> Path:
    folder = tmp_path / "tiny"
    shutil.copytree(course / "release" / "tiny", folder)
    (folder / "tiny.ipynb").write_text(json.dumps(nb))
    return folder / "tiny.ipynb"


def test_correct_notebook_passes(tiny_course: Path, tmp_path: Path, capsys) -> None:
    path = _student_folder(tiny_course, tmp_path, student_notebook(tiny_course, GOOD))
    assert cli_main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "test_double_shape" in out and "hidden tests check much more" in out


def test_untouched_notebook_fails_as_not_answered(
    tiny_course: Path, tmp_path: Path, capsys
) -> None:
    path = _student_folder(tiny_course, tmp_path, student_notebook(tiny_course))
    assert cli_main(["check", str(path)]) == 1
    assert "not answered yet" in capsys.readouterr().out


def test_structure_problems_are_reported(tiny_course: Path, tmp_path: Path, capsys) -> None:
    nb = student_notebook(tiny_course, GOOD)
    nb["cells"] = [c for c in nb["cells"] if c.get("id") != "answer-add"]
    setup = next(c for c in nb["cells"] if c.get("id") == "setup")
    setup["source"] = "import torch\nimport os"
    path = _student_folder(tiny_course, tmp_path, nb)
    assert cli_main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "answer-add" in out and "missing" in out
    assert "setup" in out and "was edited" in out


def test_broken_json_is_a_plain_message(tiny_course: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "tiny"
    shutil.copytree(tiny_course / "release" / "tiny", folder)
    (folder / "tiny.ipynb").write_text('{"cells": [')
    assert cli_main(["check", str(folder / "tiny.ipynb")]) == 1
    assert "not valid JSON" in capsys.readouterr().out
