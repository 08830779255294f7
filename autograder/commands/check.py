"""``autograder check NOTEBOOK``: a student's self-check before submitting.

Validates the notebook's structure against what the release recorded in it (answer cells
present once, locked cells untouched, parses) and runs the public tests that ship next to it
through the same sandbox and engine as the real grading.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..authoring.transform import compute_checksum
from ..course import Limits
from ..errors import UsageError
from ..worker.executor import Cell
from .backend import process_backend
from .runs import close_servers, run_runner
from .submission import parse_notebook, role_of

__all__ = ["run_check", "structure_problems"]


def _source(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def structure_problems(nb: Any) -> list[str]:
    """What is wrong with the notebook's structure, as sentences for the student."""
    problems = []
    expected = nb.metadata.get("autograder", {}).get("cells", [])
    present: dict[str, int] = {}
    for c in nb.cells:
        if role_of(c) == "answer":
            present[str(c.get("id"))] = present.get(str(c.get("id")), 0) + 1
    for entry in expected:
        if entry.get("role") != "answer":
            continue
        n = present.get(entry["id"], 0)
        if n == 0:
            problems.append(
                f"answer cell `{entry['id']}` is missing (deleted?); undo with Edit > Undo or copy it back from the release"
            )
        elif n > 1:
            problems.append(f"answer cell `{entry['id']}` appears {n} times; only one is graded")
    for index, c in enumerate(nb.cells):
        meta = c.get("metadata", {}).get("nbgrader", {})
        if meta.get("locked") and meta.get("checksum") and compute_checksum(c) != meta["checksum"]:
            problems.append(
                f"locked cell {index + 1} (`{c.get('id')}`) was edited; the grader uses the original"
            )
    return problems


def run_check(notebook: Path, *, sandbox: str, console: Console) -> int:
    """Exit 0 when the structure is fine and every public test passes, else 1."""
    if not notebook.is_file():
        raise UsageError(f"{notebook}: no such notebook")
    nb, problem = parse_notebook(notebook.read_bytes())
    if nb is None:
        assert problem is not None
        console.print(f"[red]✗[/] {escape(problem.message)}", soft_wrap=True)
        return 1
    meta = nb.metadata.get("autograder", {})
    if not meta.get("assignment"):
        raise UsageError(f"{notebook}: not a released assignment notebook (no autograder metadata)")
    problems = structure_problems(nb)
    for p in problems:
        console.print(f"[red]✗[/] {escape(p)}", soft_wrap=True)
    folder = notebook.resolve().parent
    public = folder / "tests" / "public"
    cells = [
        Cell(str(c.get("id")), role_of(c), _source(c))
        for c in nb.cells
        if role_of(c) in ("answer", "setup") and c.get("cell_type") == "code"
    ]
    if not public.is_dir():
        console.print(
            f"[yellow]no public tests found in {public}; only the structure was checked[/]"
        )
        return 1 if problems else 0
    support = folder / "support.py"
    with tempfile.TemporaryDirectory(prefix="ag-check-") as tmp:
        spec = {
            "cells": [[c.id, c.role, c.source] for c in cells],
            "tests": [str(public)],
            "reference_cells": None,
            "support_path": str(support) if support.is_file() else None,
            "hidden_dir": None,
            "rootdir": str(folder / "tests"),
            "limits": {k: v for k, v in Limits().__dict__.items()},
            "backend": process_backend([], unconfined=False, trusted=True),
        }
        try:
            record = run_runner(spec, Path(tmp), timeout=900)
        finally:
            close_servers()
    table = Table(title=f"{meta['assignment']}: public tests")
    table.add_column("")
    table.add_column("test")
    table.add_column("points", justify="right")
    table.add_column("message")
    ok = not problems
    for t in record["tests"]:
        ok = ok and t["passed"]
        msg = (
            ""
            if t["passed"]
            else (
                "not answered yet"
                if t["not_answered"]
                else (t["student_error"] or t["message"]).splitlines()[0][:100]
            )
        )
        table.add_row(
            "✅" if t["passed"] else "❌",
            t["name"],
            f"{t['points'] if t['passed'] else 0:g}/{t['points']:g}",
            escape(msg),
        )
    console.print(table)
    for load in record["loads"][:1]:
        for c in load["cells"]:
            if not c["ok"]:
                console.print(
                    f"[red]cell `{escape(c['id'])}` raised {c['error_kind']}[/]\n{escape(c['error'])}"
                )
    console.print(
        "These are the public tests only; the hidden tests check much more."
        if ok
        else "Fix the problems above before you submit."
    )
    return 0 if ok else 1
