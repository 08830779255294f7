"""Interop with the real nbgrader (test extra): same student sources, valid nbgrader metadata.

On source notebooks in nbgrader's dialect, the student cells we write must equal what nbgrader's
own ``ClearSolutions`` + ``ClearHiddenTests`` produce (default config), and the notebook we
release must pass nbgrader's metadata validation with checksums nbgrader agrees with.
"""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

with warnings.catch_warnings():
    # Only while importing: nbgrader's stack (traitlets, jupyter_core) may deprecate things then.
    warnings.simplefilter("ignore", DeprecationWarning)
    nbgrader = pytest.importorskip(
        "nbgrader",
        reason="nbgrader is not installed: `pip install -e '.[test]'` to compare with the real"
        " nbgrader",
    )
    from nbgrader.nbgraderformat import MetadataValidator
    from nbgrader.nbgraderformat import reads as nbgrader_reads
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearHiddenTests,
        ClearSolutions,
        ComputeChecksums,
    )
    from nbgrader.utils import compute_checksum as nbgrader_checksum

from autograder.authoring.nbio import dumps, loads_notebook
from autograder.authoring.transform import compute_checksum, transform
from autograder.cli import main

pytestmark = [
    pytest.mark.interop,
    # Deprecations raised from inside nbgrader's stack are theirs to fix, not failures of ours.
    pytest.mark.filterwarnings("ignore::DeprecationWarning:traitlets.*"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:nbgrader.*"),
]

PEER = Path("/work/shared/benchmarks/peers/nbgrader_source_hw.ipynb")
HERE = Path(__file__).resolve().parent


def _cell(kind: str, source: str, cid: str, **nbgrader_meta: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if nbgrader_meta:
        meta["nbgrader"] = {"schema_version": 3, "grade": False, "locked": False, "solution": False}
        meta["nbgrader"].update(nbgrader_meta, grade_id=cid)
    out: dict[str, Any] = {"cell_type": kind, "id": cid, "metadata": meta, "source": source}
    if kind == "code":
        out.update(outputs=[], execution_count=None)
    return out


def synthetic_source() -> Any:
    """An nbgrader source notebook exercising stubs, indentation, markdown and hidden tests."""
    cells = [
        _cell("markdown", "# Flows\n\nImplement the coupling layer.", "intro"),
        _cell("code", "import math\nimport torch", "imports"),
        _cell(
            "code",
            "class Coupling(torch.nn.Module):\n"
            "    def __init__(self, d):\n"
            "        super().__init__()\n"
            "        ### BEGIN SOLUTION\n"
            "        self.net = torch.nn.Linear(d // 2, d)\n"
            "        ### END SOLUTION\n"
            "\n"
            "    def forward(self, x):\n"
            "        x1, x2 = x.chunk(2, dim=-1)\n"
            "        ### BEGIN SOLUTION\n"
            "        s, t = self.net(x1).chunk(2, dim=-1)\n"
            "        return torch.cat([x1, x2 * torch.exp(s) + t], -1), s.sum(-1)\n"
            "        ### END SOLUTION\n",
            "coupling",
            solution=True,
        ),
        _cell(
            "code", "def softplus(x):\n    return torch.log1p(torch.exp(x))", "whole", solution=True
        ),
        _cell(
            "markdown",
            "Why is the log-determinant cheap?\n\n### BEGIN SOLUTION\nThe Jacobian is triangular.\n### END SOLUTION",
            "why",
            solution=True,
            grade=True,
            points=1,
        ),
        _cell(
            "markdown", "An essay answer, whole cell.", "essay", solution=True, grade=True, points=2
        ),
        _cell(
            "code",
            "layer = Coupling(4)\n"
            "z, logdet = layer(torch.randn(3, 4))\n"
            "assert z.shape == (3, 4)\n"
            "### BEGIN HIDDEN TESTS\n"
            "assert torch.allclose(logdet, layer.net(torch.zeros(3, 2)).chunk(2, -1)[0].sum(-1)) or True\n"
            "### END HIDDEN TESTS\n",
            "test-coupling",
            grade=True,
            locked=True,
            points=3,
        ),
        _cell("code", "print('demo')", "demo"),
    ]
    return loads_notebook(
        json.dumps(
            {
                "cells": cells,
                "metadata": {
                    "kernelspec": {
                        "name": "python3",
                        "display_name": "Python 3",
                        "language": "python",
                    }
                },
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )


def peer_source() -> Any:
    if not PEER.is_file():
        pytest.skip(f"the peer benchmark notebook {PEER} is not on this machine")
    return loads_notebook(PEER.read_bytes(), path=PEER)


SOURCES = {"peer": peer_source, "synthetic": synthetic_source}


def nbgrader_student(nb: Any) -> Any:
    """What nbgrader's own preprocessors make of ``nb`` (default config)."""
    theirs = copy.deepcopy(nb)
    resources: dict[str, Any] = {}
    theirs, resources = ClearSolutions().preprocess(theirs, resources)
    theirs, resources = ClearHiddenTests().preprocess(theirs, resources)
    return theirs


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_student_sources_equal_nbgraders(name: str) -> None:
    nb = SOURCES[name]()
    ours = transform(copy.deepcopy(nb), "hw").student
    theirs = nbgrader_student(nb)
    assert [c.source for c in ours.cells] == [c.source for c in theirs.cells]
    assert [c.cell_type for c in ours.cells] == [c.cell_type for c in theirs.cells]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_release_passes_nbgraders_metadata_validation(name: str) -> None:
    released = transform(SOURCES[name](), "hw")
    for version in (released.student, released.solution):
        MetadataValidator().validate_nb(version)
        CheckCellMetadata().preprocess(copy.deepcopy(version), {})
        nbgrader_reads(dumps(version).decode(), as_version=4)  # nbgrader's own reader validates


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_nbgrader_agrees_with_our_checksums(name: str) -> None:
    student = transform(SOURCES[name](), "hw").student
    recomputed, _ = ComputeChecksums().preprocess(copy.deepcopy(student), {})
    locked = [c for c in student.cells if c.metadata.get("nbgrader", {}).get("locked")]
    assert locked
    for ours, theirs in zip(student.cells, recomputed.cells, strict=True):
        if ours.metadata.get("nbgrader", {}).get("locked"):
            assert ours.metadata.nbgrader.checksum == theirs.metadata.nbgrader.checksum
            assert ours.metadata.nbgrader.checksum == nbgrader_checksum(ours)


@given(
    source=st.text(max_size=60),
    kind=st.sampled_from(["code", "markdown"]),
    grade=st.booleans(),
    solution=st.booleans(),
    locked=st.booleans(),
    points=st.one_of(st.integers(0, 10), st.floats(0, 10, allow_nan=False)),
    grade_id=st.from_regex(r"[a-zA-Z0-9_-]{1,20}", fullmatch=True),
)
def test_compute_checksum_is_nbgraders(
    source: str, kind: str, grade: bool, solution: bool, locked: bool, points: float, grade_id: str
) -> None:
    from nbformat import from_dict

    meta = {
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "grade_id": grade_id,
        "points": points,
    }
    cell = from_dict({"cell_type": kind, "source": source, "metadata": {"nbgrader": meta}})
    assert compute_checksum(cell) == nbgrader_checksum(cell)


def test_released_file_on_disk_is_read_by_nbgrader(tmp_path: Path) -> None:
    folder = tmp_path / "assignments" / "hw"
    folder.mkdir(parents=True)
    (folder / "hw.ipynb").write_bytes(dumps(synthetic_source()))
    assert main(["--course", str(tmp_path), "release", "hw"]) == 0
    for path in (
        tmp_path / "release" / "hw" / "hw.ipynb",
        tmp_path / "solutions" / "hw" / "hw.ipynb",
    ):
        nb = nbgrader_reads(path.read_text(encoding="utf-8"), as_version=4)
        ids = [c.metadata.nbgrader.grade_id for c in nb.cells if "nbgrader" in c.metadata]
        assert len(ids) == len(set(ids)) == len(nb.cells)
