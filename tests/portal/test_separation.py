"""The web process never runs student code: no module the web server loads reaches the engine,
the sandbox or the runs (only the worker does), checked on the imports of the source."""

from __future__ import annotations

import ast
from pathlib import Path

import autograder.portal

PORTAL = Path(autograder.portal.__file__).resolve().parent
WORKER_ONLY = ("autograder.commands.runs", "autograder.engine", "autograder.sandbox",
               "autograder.worker", "autograder.commands.grade", "autograder.commands.backend")  # fmt: skip


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = "autograder" if node.level == 2 else "autograder.portal" if node.level else ""
            mod = ".".join(p for p in (base, node.module or "") if p)
            found |= {mod} | {f"{mod}.{a.name}" for a in node.names}
    return found


def test_web_modules_never_import_the_grading_engine() -> None:
    web = [p for p in PORTAL.glob("*.py") if p.stem != "worker"]
    assert {p.stem for p in web} >= {"views_student", "views_teacher", "intake", "urls"}
    for path in web:
        bad = sorted(m for m in _imports(path) if m.startswith(WORKER_ONLY))
        assert not bad, f"{path.name} imports {bad}: only the worker process may grade"
    assert "autograder.commands.runs" in _imports(PORTAL / "worker.py")
