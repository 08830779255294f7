"""Submissions in, graded cells out: intake of a batch and matching cells to the release.

The trusted side reads nothing of a submission but the notebook's JSON, as data. Cells are
matched to the release by cell id (then by nbgrader's ``grade_id``), so a student who reorders,
adds or renames cells is graded on the right ones; what cannot be matched is reported.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from ..worker.executor import Cell

__all__ = [
    "Problem",
    "Submission",
    "discover",
    "graded_cells",
    "match_cells",
    "parse_notebook",
    "role_of",
]

MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Submission:
    """One student's notebook as bytes, with where it came from."""

    student: str
    data: bytes
    origin: str
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class Problem:
    """Something wrong with a submission's structure, told to the student."""

    kind: str  # unreadable | missing | duplicated | not_code | locked_changed | extra
    message: str
    cell: str | None = None


@dataclass
class Matched:
    """The cells to execute for one submission and what was wrong on the way."""

    cells: list[Cell] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


_SAFE = re.compile(r"[^A-Za-z0-9_.@+-]+")


def _student_name(raw: str) -> str:
    name = _SAFE.sub("_", raw).strip("._") or "student"
    return name[:100]


def _zip_notebooks(path: Path) -> Iterable[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.is_dir() or not info.filename.endswith(".ipynb") or "__MACOSX" in info.filename:
                continue
            if info.file_size > MAX_NOTEBOOK_BYTES:
                yield info.filename, b""  # reported as unreadable, never inflated
                continue
            yield info.filename, zf.read(info)


def _from_listing(entries: Iterable[tuple[str, bytes]], assignment_id: str) -> list[Submission]:
    """Accept ``<student>.ipynb`` and nbgrader's ``submitted/<student>/<id>/<file>.ipynb``."""
    found: dict[str, Submission] = {}
    for rel, data in sorted(entries):
        parts = Path(rel).parts
        if ".ipynb_checkpoints" in parts:
            continue
        if assignment_id in parts[:-1] and parts.index(assignment_id) >= 1:
            student = parts[parts.index(assignment_id) - 1]
        elif len(parts) >= 2 and parts[-2] not in ("submitted", "submissions", assignment_id):
            student = parts[-2] if len(parts) > 2 else Path(parts[-1]).stem
        else:
            student = Path(parts[-1]).stem
        name = _student_name(student)
        if name in found and Path(rel).stem != assignment_id:
            continue  # nbgrader layout with several notebooks: keep the assignment's own
        found[name] = Submission(name, data, rel)
    return [found[k] for k in sorted(found)]


def discover(path: Path, assignment_id: str) -> list[Submission]:
    """Every submission in a folder, an nbgrader ``submitted/`` tree, or a zip of either."""
    if path.is_file() and path.suffix == ".zip":
        return _from_listing(_zip_notebooks(path), assignment_id)
    if path.is_file() and path.suffix == ".ipynb":
        return [Submission(_student_name(path.stem), path.read_bytes(), path.name, _mtime(path))]
    if not path.is_dir():
        from ..errors import UsageError

        raise UsageError(
            f"{path}: expected a folder of .ipynb files, an nbgrader submitted/ folder, or a .zip"
        )
    subs: list[Submission] = []
    entries = []
    times: dict[str, dt.datetime | None] = {}
    for nb in sorted(path.rglob("*.ipynb")):
        rel = nb.relative_to(path).as_posix()
        size = nb.stat().st_size
        entries.append((rel, nb.read_bytes() if size <= MAX_NOTEBOOK_BYTES else b""))
        times[rel] = _submitted_time(nb) or _mtime(nb)
    for sub in _from_listing(entries, assignment_id):
        subs.append(Submission(sub.student, sub.data, sub.origin, times.get(sub.origin)))
    return subs


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)


def _submitted_time(nb: Path) -> dt.datetime | None:
    """nbgrader writes ``timestamp.txt`` next to a submitted notebook."""
    stamp = nb.parent / "timestamp.txt"
    if not stamp.is_file():
        return None
    text = stamp.read_text(encoding="utf-8", errors="replace").strip()
    for fmt in ("%Y-%m-%d %H:%M:%S.%f %Z", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S"):
        try:
            when = dt.datetime.strptime(text.replace("UTC", "").strip(), fmt.replace(" %Z", ""))
            return when.replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None


def parse_notebook(data: bytes) -> tuple[Any | None, Problem | None]:
    """A submission's notebook (nbformat 4) or the problem that makes it unreadable."""
    if not data:
        return None, Problem("unreadable", "the notebook file is empty or larger than 50 MB")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, Problem(
            "unreadable",
            f"the notebook is not valid JSON ({exc}); it was probably cut short or edited by hand: "
            "open it in Jupyter, save it again, and resubmit",
        )
    if not isinstance(raw, dict) or ("cells" not in raw and "worksheets" not in raw):
        return None, Problem("unreadable", "the file is JSON but not a Jupyter notebook (no cells)")
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)  # type: ignore[no-untyped-call]
    except Exception as exc:  # nbformat raises a variety of errors on odd input
        return None, Problem("unreadable", f"the notebook cannot be read by nbformat: {exc}")
    if not nb.cells:
        return None, Problem("unreadable", "the notebook has no cells")
    return nb, None


def role_of(cell: Any) -> str:
    """The role the release recorded: answer, setup or other."""
    meta = cell.get("metadata", {}).get("autograder", {})
    role = meta.get("role") if isinstance(meta, dict) else None
    return str(role) if role in ("answer", "setup") else "other"


def _grade_id(cell: Any) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    gid = meta.get("grade_id") if isinstance(meta, dict) else None
    return str(gid) if gid else None


def _source(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def graded_cells(nb: Any) -> list[Cell]:
    """The setup and answer cells of a release or solution notebook, in order."""
    return [
        Cell(str(c.get("id")), role_of(c), _source(c))
        for c in nb.cells
        if role_of(c) in ("answer", "setup") and c.get("cell_type") == "code"
    ]


def match_cells(release: Any, submitted: Any) -> Matched:
    """The cells to run for ``submitted``: setup from the release (locked), answers from the student."""
    out = Matched()
    by_id: dict[str, list[Any]] = {}
    by_gid: dict[str, list[Any]] = {}
    for c in submitted.cells:
        if c.get("id"):
            by_id.setdefault(str(c["id"]), []).append(c)
        gid = _grade_id(c)
        if gid:
            by_gid.setdefault(gid, []).append(c)
    for index, rc in enumerate(release.cells):
        role = role_of(rc)
        if role == "setup":
            out.cells.append(Cell(str(rc["id"]), "setup", _source(rc)))
            continue
        if role != "answer" or rc.get("cell_type") != "code":
            continue  # markdown answers are read by a person, not executed
        rid = str(rc["id"])
        gid = _grade_id(rc) or rid
        label = f"answer cell {index + 1} (`{rid}`)"
        exact = by_id.get(rid, [])
        copies = [c for c in by_gid.get(gid, []) if c not in exact]
        if exact:
            chosen = exact[0]
            if copies:
                out.problems.append(
                    Problem(
                        "duplicated",
                        f"{label} appears {len(copies) + 1} times; the original is graded",
                        rid,
                    )
                )
        elif len(copies) == 1:
            chosen = copies[0]
        elif copies:
            chosen = copies[-1]
            out.problems.append(
                Problem(
                    "duplicated",
                    f"{label} appears {len(copies)} times and the original is gone; the last copy is graded",
                    rid,
                )
            )
        else:
            out.problems.append(
                Problem(
                    "missing",
                    f"{label} is missing (deleted?): the names it should define are not graded",
                    rid,
                )
            )
            continue
        if chosen.get("cell_type") != "code":
            out.problems.append(
                Problem(
                    "not_code", f"{label} was turned into a {chosen.get('cell_type')} cell", rid
                )
            )
            continue
        out.cells.append(Cell(rid, "answer", _source(chosen)))
    return out
