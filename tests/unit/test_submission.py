"""Intake and matching: the right cells are graded however the student rearranged the notebook."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.commands.submission import discover, graded_cells, match_cells, parse_notebook


def _cell(cid: str, src: str, role: str | None, kind: str = "code") -> nbformat.NotebookNode:
    c = new_code_cell(src) if kind == "code" else new_markdown_cell(src)
    c.id = cid
    if role:
        c.metadata["autograder"] = {"role": role}
        c.metadata["nbgrader"] = {
            "grade_id": cid,
            "solution": role == "answer",
            "locked": role != "answer",
            "grade": False,
            "schema_version": 3,
        }
    return c


def _release() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [
        _cell("intro", "# Title", None, "markdown"),
        _cell("setup", "import torch", "setup"),
        _cell("ans-a", "def a():\n    raise NotImplementedError()", "answer"),
        _cell("demo", "a()", None),
        _cell("ans-b", "def b():\n    raise NotImplementedError()", "answer"),
        _cell("ans-text", "YOUR ANSWER HERE", "answer", "markdown"),
    ]
    return nb


def test_graded_cells_are_setup_and_code_answers_in_order() -> None:
    assert [(c.id, c.role) for c in graded_cells(_release())] == [
        ("setup", "setup"),
        ("ans-a", "answer"),
        ("ans-b", "answer"),
    ]


def test_reordered_and_extra_cells_still_match_by_id() -> None:
    sub = _release()
    sub.cells[2].source = "def a():\n    return 1"
    sub.cells[4].source = "def b():\n    return 2"
    sub.cells = [sub.cells[4], _cell("scratch", "print('mine')", None), *sub.cells[:4]]
    m = match_cells(_release(), sub)
    assert [(c.id, c.source) for c in m.cells] == [
        ("setup", "import torch"),
        ("ans-a", "def a():\n    return 1"),
        ("ans-b", "def b():\n    return 2"),
    ]
    assert m.problems == []


def test_setup_comes_from_the_release_not_the_student() -> None:
    sub = _release()
    sub.cells[1].source = "import os; os.system('rm -rf /')"
    assert match_cells(_release(), sub).cells[0].source == "import torch"


def test_deleted_duplicated_and_retyped_answers_are_reported() -> None:
    sub = _release()
    copy = _cell("new-id", "def a():\n    return 9", "answer")
    copy.metadata["nbgrader"]["grade_id"] = "ans-a"
    sub.cells[4].cell_type = "markdown"
    sub.cells = [c for c in sub.cells] + [copy]
    sub.cells[4] = nbformat.from_dict({**sub.cells[4], "cell_type": "markdown"})
    m = match_cells(_release(), sub)
    kinds = sorted(p.kind for p in m.problems)
    assert kinds == ["duplicated", "not_code"]
    deleted = _release()
    deleted.cells = [c for c in deleted.cells if c.id != "ans-b"]
    m2 = match_cells(_release(), deleted)
    assert [p.kind for p in m2.problems] == ["missing"] and "ans-b" in m2.problems[0].message


def test_lost_ids_fall_back_to_grade_id() -> None:
    sub = _release()
    for c in sub.cells:
        c.id = "x" + c.id
    m = match_cells(_release(), sub)
    assert [c.id for c in m.cells] == ["setup", "ans-a", "ans-b"]


def test_unreadable_notebooks_are_problems_not_exceptions() -> None:
    for data, words in [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "not a Jupyter notebook"),
        (
            json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode(),
            "no cells",
        ),
    ]:
        nb, problem = parse_notebook(data)
        assert nb is None and problem is not None and words in problem.message


def test_intake_of_folder_nbgrader_tree_and_zip(tmp_path: Path) -> None:
    data = nbformat.writes(_release()).encode()
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "alice.ipynb").write_bytes(data)
    (flat / "bob smith.ipynb").write_bytes(data)
    assert [s.student for s in discover(flat, "hw")] == ["alice", "bob_smith"]
    tree = tmp_path / "submitted" / "carol" / "hw"
    tree.mkdir(parents=True)
    (tree / "hw.ipynb").write_bytes(data)
    (tree / "timestamp.txt").write_text("2026-11-01 10:00:00.000000 UTC")
    (tree / ".ipynb_checkpoints").mkdir()
    (tree / ".ipynb_checkpoints" / "hw-checkpoint.ipynb").write_bytes(data)
    subs = discover(tmp_path / "submitted", "hw")
    assert [s.student for s in subs] == ["carol"] and subs[0].submitted_at is not None
    z = tmp_path / "batch.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("dave.ipynb", data)
        zf.writestr("submitted/erin/hw/hw.ipynb", data)
        zf.writestr("__MACOSX/._dave.ipynb", b"junk")
    assert [s.student for s in discover(z, "hw")] == ["dave", "erin"]
