"""A source notebook into its student and solution versions: pure and deterministic.

:func:`transform` gives every cell

- a stable id: the source cell's own ``id`` when it is a valid nbformat id not used by an
  earlier cell (Jupyter keeps these across edits and moves), else
  ``cell-<sha1("<assignment>:<position>")[:12]>`` (stable across runs and across edits of other
  cells, not across inserting cells before it: save the source with a current Jupyter, which
  writes persistent ids, to get those);
- its role in ``metadata.autograder.role``: ``answer`` (holds a solution region, or is a whole
  nbgrader solution cell), ``setup`` (tagged ``setup`` by the author) or ``other``;
- nbgrader's cell metadata (schema 3, ``grade_id`` = cell id): answer cells are unlocked
  solution cells, every other code/markdown cell is locked with nbgrader's checksum, so
  nbgrader's notebook extension refuses edits where nbgrader would;
- no outputs, no execution counts.

The notebook keeps ``kernelspec`` and ``language_info`` and gains ``metadata.autograder``
(``assignment``, ``version``, and the ``cells`` list of answer and setup cells that
``autograder check`` compares a student's notebook with).

The leak check (always on) is :mod:`autograder.authoring.leaks`.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import MarkerError
from .leaks import Secret, check_leaks, secrets_of
from .markers import CellType, ParsedCell, parse_cell
from .nbio import VALID_CELL_ID, as_notebook, cell_source

__all__ = [
    "FORMAT_VERSION",
    "CellInfo",
    "Released",
    "Role",
    "assign_ids",
    "cell_role",
    "compute_checksum",
    "transform",
]

Role = Literal["answer", "setup", "other"]
FORMAT_VERSION = 1
"""``metadata.autograder.version`` of notebooks this module writes."""
SETUP_TAG = "setup"

# Cell metadata we own or that only records one run on the author's machine.
_DROPPED_METADATA = frozenset({"autograder", "nbgrader", "execution", "ExecuteTime"})
_KEPT_NB_METADATA = ("kernelspec", "language_info")


@dataclass(frozen=True)
class CellInfo:
    """What the release decided about one cell of the source notebook."""

    index: int  # 0-based position in the notebook (humans read ``index + 1``)
    id: str  # the cell id (and nbgrader grade_id) in both versions
    role: Role
    cell_type: CellType
    derived_id: bool  # the source cell had no usable id of its own
    has_hidden: bool  # the cell held a hidden-test region (removed from both versions)


@dataclass(frozen=True)
class Released:
    """Both versions of a notebook, and what each cell became."""

    student: Any  # nbformat NotebookNode
    solution: Any  # nbformat NotebookNode
    cells: tuple[CellInfo, ...]
    secrets: tuple[Secret, ...]

    def ids(self, role: Role) -> list[str]:
        """The ids of the cells with ``role``, in notebook order."""
        return [c.id for c in self.cells if c.role == role]

    @property
    def notes(self) -> list[str]:
        """Things the author should know that are not errors."""
        out = []
        derived = [c.index + 1 for c in self.cells if c.derived_id]
        if derived:
            out.append(
                f"{len(derived)} cell(s) had no usable id ({_numbers(derived)}): ids were derived"
                " from their position and change if cells are inserted before them; save the"
                " notebook with a current Jupyter to give every cell a persistent id"
            )
        hidden = [c.index + 1 for c in self.cells if c.has_hidden]
        if hidden:
            out.append(
                f"hidden-test regions in cell(s) {_numbers(hidden)} were removed; `grade` runs"
                " tests/hidden/*.py, not notebook cells: port those tests there"
            )
        return out


def transform(nb: Mapping[str, Any], assignment_id: str, *, path: Path | None = None) -> Released:
    """The student and solution versions of the source notebook ``nb``.

    Pure and deterministic: the same input gives equal outputs on every run. Author
    mistakes raise :class:`MarkerError` or :class:`LeakError` naming ``path``, the 1-based
    cell number, the line and the fix: bad markers, a marker in a raw cell, a solution
    region in a cell tagged ``setup``, a ``setup`` tag on a non-code cell, a notebook with no
    answer cell, and a solution line that would reach students.
    """
    cells: Sequence[Mapping[str, Any]] = nb["cells"]
    ids = assign_ids(cells, assignment_id)
    infos: list[CellInfo] = []
    student_cells: list[dict[str, Any]] = []
    solution_cells: list[dict[str, Any]] = []
    secrets: list[Secret] = []
    for index, (cell, (cid, derived)) in enumerate(zip(cells, ids, strict=True)):
        kind: CellType = cell["cell_type"]
        parsed = _parse(cell, index, path)
        role = _role(cell, parsed, index, path)
        infos.append(CellInfo(index, cid, role, kind, derived, parsed.has_hidden))
        student_cells.append(_released_cell(cell, parsed.student, cid, role))
        solution_cells.append(_released_cell(cell, parsed.solution, cid, role))
        secrets.extend(secrets_of(parsed.solution_lines, kind, index + 1))
    if not any(c.role == "answer" for c in infos):
        raise MarkerError(
            "no answer cell: no cell holds a solution region",
            path=path,
            fix="wrap each solution in `### BEGIN SOLUTION` / `### END SOLUTION`",
        )
    released = Released(
        student=_notebook(nb, student_cells, infos, assignment_id),
        solution=_notebook(nb, solution_cells, infos, assignment_id),
        cells=tuple(infos),
        secrets=tuple(secrets),
    )
    for index, cell in enumerate(released.student["cells"]):
        check_leaks(cell_source(cell), released.secrets, path=path, cell=index + 1)
    return released


def assign_ids(cells: Sequence[Mapping[str, Any]], assignment_id: str) -> list[tuple[str, bool]]:
    """``(id, derived)`` per cell: unique, valid nbformat ids, the same on every run.

    A cell keeps its own id when valid and not taken by an earlier cell; the others get
    ``cell-`` + 12 hex digits of ``sha1("<assignment_id>:<index>")`` (salted on a clash).
    """
    taken: set[str] = set()
    own: list[str | None] = []
    for cell in cells:
        cid = cell.get("id")
        if isinstance(cid, str) and VALID_CELL_ID.match(cid) and cid not in taken:
            taken.add(cid)
            own.append(cid)
        else:
            own.append(None)
    out: list[tuple[str, bool]] = []
    for index, cid in enumerate(own):
        if cid is not None:
            out.append((cid, False))
            continue
        salt = 0
        while True:
            seed = f"{assignment_id}:{index}" + (f":{salt}" if salt else "")
            derived = "cell-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]
            if derived not in taken:
                break
            salt += 1
        taken.add(derived)
        out.append((derived, True))
    return out


def cell_role(cell: Mapping[str, Any]) -> Role:
    """The role a released (student or solution) notebook records for ``cell``.

    Anything unrecognised, including a student's own new cells, is ``other``.
    """
    meta = cell.get("metadata", {}).get("autograder")
    role = meta.get("role") if isinstance(meta, Mapping) else None
    if role == "answer":
        return "answer"
    if role == "setup":
        return "setup"
    return "other"


def compute_checksum(cell: Mapping[str, Any]) -> str:
    """nbgrader's checksum of ``cell``, bit for bit as ``nbgrader.utils.compute_checksum``.

    MD5 over the source, the cell type, str(is_grade), str(is_solution), str(is_locked),
    the grade_id and, for grade cells, str(float(points)). The cell must carry nbgrader
    metadata with a ``grade_id``.
    """
    meta = cell["metadata"]["nbgrader"]
    grade = bool(meta.get("grade", False))
    solution = bool(meta.get("solution", False))
    locked = False if solution else True if grade else bool(meta.get("locked", False))
    m = hashlib.md5()
    for part in (cell_source(cell), cell["cell_type"], str(grade), str(solution), str(locked)):
        m.update(part.encode("utf-8"))
    m.update(str(meta["grade_id"]).encode("utf-8"))
    if grade:
        m.update(str(float(meta["points"])).encode("utf-8"))
    return m.hexdigest()


def _parse(cell: Mapping[str, Any], index: int, path: Path | None) -> ParsedCell:
    nbgrader = cell.get("metadata", {}).get("nbgrader")
    whole = isinstance(nbgrader, Mapping) and bool(nbgrader.get("solution"))
    return parse_cell(
        cell_source(cell), cell["cell_type"], whole_cell_solution=whole, cell=index + 1, path=path
    )


def _role(cell: Mapping[str, Any], parsed: ParsedCell, index: int, path: Path | None) -> Role:
    tags = cell.get("metadata", {}).get("tags", [])
    setup = isinstance(tags, list) and SETUP_TAG in tags
    if setup and cell["cell_type"] != "code":
        raise MarkerError(
            f"a {cell['cell_type']} cell is tagged `setup`",
            path=path,
            cell=index + 1,
            fix="only code cells run at grading: remove the tag or make it a code cell",
        )
    if setup and parsed.has_solution:
        raise MarkerError(
            "a cell tagged `setup` holds a solution region (setup cells are locked and shown"
            " to students as they are)",
            path=path,
            cell=index + 1,
            fix="move the solution into its own answer cell, or remove the `setup` tag",
        )
    if parsed.has_solution:
        return "answer"
    return "setup" if setup else "other"


def _nbgrader_metadata(cell_type: str, cid: str, role: Role) -> dict[str, Any]:
    if role == "answer" and cell_type == "markdown":
        # nbgrader's validator requires markdown solution cells to be (manually) graded.
        return {
            "grade": True,
            "grade_id": cid,
            "locked": False,
            "points": 0,
            "schema_version": 3,
            "solution": True,
        }
    if role == "answer":
        return {
            "grade": False,
            "grade_id": cid,
            "locked": False,
            "schema_version": 3,
            "solution": True,
        }
    return {"grade": False, "grade_id": cid, "locked": True, "schema_version": 3, "solution": False}


def _released_cell(cell: Mapping[str, Any], source: str, cid: str, role: Role) -> dict[str, Any]:
    """A new cell: only the fields nbformat 4.5 allows, our metadata, no outputs."""
    kind = cell["cell_type"]
    metadata = {
        k: copy.deepcopy(v)
        for k, v in cell.get("metadata", {}).items()
        if k not in _DROPPED_METADATA
    }
    metadata["autograder"] = {"role": role}
    out: dict[str, Any] = {"cell_type": kind, "id": cid, "metadata": metadata, "source": source}
    if kind == "code":
        out["outputs"] = []
        out["execution_count"] = None
    elif "attachments" in cell:
        out["attachments"] = copy.deepcopy(cell["attachments"])
    if kind in ("code", "markdown"):
        nbgrader = _nbgrader_metadata(kind, cid, role)
        metadata["nbgrader"] = nbgrader
        if nbgrader["locked"]:
            nbgrader["checksum"] = compute_checksum(out)
    return out


def _notebook(
    nb: Mapping[str, Any],
    cells: list[dict[str, Any]],
    infos: list[CellInfo],
    assignment_id: str,
) -> Any:
    source_meta = nb.get("metadata", {})
    metadata = {k: copy.deepcopy(source_meta[k]) for k in _KEPT_NB_METADATA if k in source_meta}
    metadata["autograder"] = {
        "assignment": assignment_id,
        "cells": [{"id": c.id, "role": c.role} for c in infos if c.role != "other"],
        "version": FORMAT_VERSION,
    }
    return as_notebook({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5})


def _numbers(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    return shown + (", ..." if len(numbers) > 8 else "")
