"""A source notebook into its student and solution versions: pure, deterministic.

Every cell gets a stable id (the source cell's own id, else one derived from the assignment and
position), its role (``answer`` / ``setup`` / ``other``) in ``metadata.autograder`` and
nbgrader-compatible metadata so nbgrader's notebook extension locks what must not change.
Outputs and execution counts are cleared. A leak check refuses any solution line that would
reach the student version.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import LeakError, MarkerError
from .markers import MarkerSyntaxError, has_markers, parse_cell

__all__ = ["Released", "compute_checksum", "leak_lines", "transform"]

_VALID_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_TRIVIAL = re.compile(r"^(pass|return|else:|try:|finally:|break|continue|\)|\]|\}|\.\.\.)$")
MIN_LEAK_LENGTH = 12  # shorter lines (``return x``) are too generic to call a leak


@dataclass(frozen=True)
class Released:
    """The two notebooks and what a leak check needs."""

    student: Any
    solution: Any
    solution_lines: dict[int, list[str]]  # cell index -> its solution lines


def compute_checksum(cell: Any) -> str:
    """nbgrader's checksum of a cell (``nbgrader.utils.compute_checksum``), so its extension agrees."""
    meta = cell["metadata"].get("nbgrader", {})
    m = hashlib.md5()
    m.update(_source(cell).encode("utf-8"))
    m.update(cell["cell_type"].encode("utf-8"))
    is_grade = bool(meta.get("grade", False))
    is_solution = bool(meta.get("solution", False))
    is_locked = False if is_solution else (True if is_grade else bool(meta.get("locked", False)))
    m.update(str(is_grade).encode("utf-8"))
    m.update(str(is_solution).encode("utf-8"))
    m.update(str(is_locked).encode("utf-8"))
    m.update(str(meta["grade_id"]).encode("utf-8"))
    if is_grade:
        m.update(str(float(meta["points"])).encode("utf-8"))
    return m.hexdigest()


def _source(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _cell_id(cell: Any, assignment_id: str, index: int, taken: set[str]) -> str:
    cid = cell.get("id")
    if not (isinstance(cid, str) and _VALID_ID.match(cid) and cid not in taken):
        cid = "cell-" + hashlib.sha1(f"{assignment_id}:{index}".encode()).hexdigest()[:12]
    taken.add(cid)
    return cid


def leak_lines(lines: list[str]) -> set[str]:
    """The solution lines distinctive enough that seeing one in the student version is a leak."""
    out = set()
    for line in lines:
        s = line.strip()
        if len(s) >= MIN_LEAK_LENGTH and not s.startswith("#") and not _TRIVIAL.match(s):
            out.add(s)
    return out


def _clean(cell: Any, source: str, cid: str, role: str) -> Any:
    new = copy.deepcopy(cell)
    new["id"] = cid
    new["source"] = source
    meta = {
        k: v
        for k, v in new.get("metadata", {}).items()
        if k not in ("nbgrader", "autograder", "execution")
    }
    meta["autograder"] = {"role": role}
    if role == "answer":
        meta["nbgrader"] = {
            "grade": False,
            "grade_id": cid,
            "locked": False,
            "schema_version": 3,
            "solution": True,
        }
    elif role == "setup" or new["cell_type"] == "markdown":
        meta["nbgrader"] = {
            "grade": False,
            "grade_id": cid,
            "locked": True,
            "schema_version": 3,
            "solution": False,
        }
    new["metadata"] = meta
    if new["cell_type"] == "code":
        new["outputs"] = []
        new["execution_count"] = None
    else:
        new.pop("outputs", None)
        new.pop("execution_count", None)
    nbg = new["metadata"].get("nbgrader")  # NotebookNode copies on assignment: re-read it
    if nbg is not None and nbg.get("locked"):
        nbg["checksum"] = compute_checksum(new)
    return new


def transform(nb: Any, assignment_id: str, path: Path) -> Released:
    """Student and solution versions of ``nb``; author mistakes raise with path, cell and fix."""
    student_cells, solution_cells = [], []
    solution_lines: dict[int, list[str]] = {}
    taken: set[str] = set()
    roles: list[dict[str, str]] = []
    for index, cell in enumerate(nb["cells"]):
        source = _source(cell)
        kind = cell["cell_type"]
        tags = cell.get("metadata", {}).get("tags", [])
        if kind == "raw":
            if has_markers(source):
                raise MarkerError(
                    "a marker in a raw cell",
                    path=path,
                    cell=index,
                    fix="solution regions belong in code or markdown cells",
                )
            parsed_student = parsed_solution = source
            role = "other"
        else:
            try:
                parsed = parse_cell(source, kind)
            except MarkerSyntaxError as exc:
                raise MarkerError(
                    str(exc), path=path, cell=index, line=exc.line, fix=exc.fix
                ) from None
            role = "answer" if parsed.has_solution else ("setup" if "setup" in tags else "other")
            if parsed.has_solution and "setup" in tags:
                raise MarkerError(
                    "a cell tagged `setup` holds a solution region",
                    path=path,
                    cell=index,
                    fix="move the solution into its own answer cell or remove the `setup` tag",
                )
            if "setup" in tags and kind != "code":
                raise MarkerError(
                    "a markdown cell is tagged `setup`",
                    path=path,
                    cell=index,
                    fix="only code cells can be setup cells",
                )
            parsed_student, parsed_solution = parsed.student, parsed.solution
            if parsed.solution_lines:
                solution_lines[index] = parsed.solution_lines
        cid = _cell_id(cell, assignment_id, index, taken)
        if role in ("answer", "setup") and kind == "code":
            roles.append({"id": cid, "role": role})
        student_cells.append(_clean(cell, parsed_student, cid, role))
        solution_cells.append(_clean(cell, parsed_solution, cid, role))
    if not any(r["role"] == "answer" for r in roles):
        raise MarkerError(
            "no answer cell: no cell holds a solution region",
            path=path,
            fix="wrap each solution in `### BEGIN SOLUTION` / `### END SOLUTION`",
        )
    meta = {k: v for k, v in nb.get("metadata", {}).items() if k in ("kernelspec", "language_info")}
    meta["autograder"] = {"assignment": assignment_id, "cells": roles, "version": 1}
    base = {"nbformat": 4, "nbformat_minor": 5, "metadata": meta}
    student = {**base, "cells": student_cells}
    solution = {**base, "metadata": copy.deepcopy(meta), "cells": solution_cells}
    _check_leaks(student, solution_lines, path)
    return Released(student, solution, solution_lines)


def _check_leaks(student: dict[str, Any], solution_lines: dict[int, list[str]], path: Path) -> None:
    secret = {line: index for index, lines in solution_lines.items() for line in leak_lines(lines)}
    for index, cell in enumerate(student["cells"]):
        for number, line in enumerate(_source(cell).split("\n"), start=1):
            origin = secret.get(line.strip())
            if origin is not None:
                raise LeakError(
                    f"solution line `{line.strip()}` (from cell {origin}) appears in the student version",
                    path=path,
                    cell=index,
                    line=number,
                    fix="reword the explanation, or move the line inside the solution region",
                )
