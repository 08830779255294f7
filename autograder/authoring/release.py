"""``autograder release``: assignments/ into release/ (for students) and solutions/ (after the deadline).

:func:`build_release` computes every file the release of one assignment consists of, as bytes,
without writing anything: ``release --check`` and ``validate`` compare it with the disk, and
``release`` writes it. What ships to students (``release/<id>/``):

- ``<id>.ipynb``, the student notebook (:mod:`autograder.authoring.transform`);
- ``tests/public/`` copied from ``assignments/<id>/tests/public/``;
- ``support.py`` and ``data/`` when the assignment has them.

Nothing else: never ``tests/hidden/``, ``mutants/`` or ``assignment.toml``. ``solutions/<id>/``
holds the solution notebook only. Every shipped Python file is checked first: it must not
import or name the hidden tests, and must not contain a solution line (a :class:`LeakError`).

Writes are all-or-nothing: every requested assignment is built before anything is written;
each assignment's ``release/<id>/`` and ``solutions/<id>/`` are then written complete into a
staging folder next to ``release/`` and renamed into place, the old ones renamed away first and
restored if anything fails. An interrupted or failed release leaves the previous one intact.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.table import Table

from ..course import Assignment, list_assignments, load_assignment
from ..errors import AuthorError, LeakError, UsageError
from .leaks import Secret, check_leaks
from .nbio import dumps, read_notebook
from .transform import Released, transform

__all__ = [
    "Build",
    "Change",
    "build",
    "build_release",
    "diff_release",
    "run_release",
    "stale_files",
    "write_release",
]

# Caches and editor droppings: never copied, never compared, deleted by a release.
_IGNORED_PARTS = frozenset(
    {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis", ".mypy_cache"}
    | {".ruff_cache", ".DS_Store"}
)
_IGNORED_SUFFIXES = frozenset({".pyc", ".pyo"})
# A path to the hidden tests in a shipped file: ``tests/hidden``, ``"hidden"``, ``/hidden/``.
_HIDDEN_PATH = re.compile(r"tests[/\\.]hidden\b|[\"']hidden[\"'/\\]|[/\\]hidden([/\\]|[\"'])")

Status = Literal["stale", "missing", "extra"]


@dataclass(frozen=True)
class Build:
    """One assignment's release, computed but not written."""

    assignment: Assignment
    released: Released
    files: dict[str, bytes]  # course-root-relative POSIX path -> content, sorted by path

    @property
    def tops(self) -> tuple[str, str]:
        """The two folders this release owns, relative to the course root."""
        return f"release/{self.assignment.id}", f"solutions/{self.assignment.id}"


@dataclass(frozen=True)
class Change:
    """A file where the disk differs from what ``release`` would write now."""

    path: str  # course-root-relative
    status: Status  # stale: different bytes; missing: not on disk; extra: should not be there


def build(a: Assignment) -> Build:
    """Everything ``release`` would write for ``a``, checked; reads ``a``'s folder, writes nothing.

    Raises an :class:`~autograder.errors.AuthorError` (with path, cell, line and fix) for an
    unreadable source notebook, bad markers, or a leak into any file that ships to students.
    """
    released = transform(read_notebook(a.source), a.id, path=a.source)
    files = {
        f"release/{a.id}/{a.id}.ipynb": dumps(released.student),
        f"solutions/{a.id}/{a.id}.ipynb": dumps(released.solution),
    }
    hidden = _hidden_only_stems(a)
    for rel, path in _tree(a.public_tests).items():
        _check_not_secret(path, a)
        data = path.read_bytes()
        if path.suffix == ".py":
            _check_shipped(path, data, hidden, released.secrets)
        files[f"release/{a.id}/tests/public/{rel}"] = data
    for rel, path in _tree(a.dir / "data").items():
        _check_not_secret(path, a)
        files[f"release/{a.id}/data/{rel}"] = path.read_bytes()
    if a.support.is_file():
        _check_not_secret(a.support, a)
        data = a.support.read_bytes()
        _check_shipped(a.support, data, hidden, released.secrets)
        files[f"release/{a.id}/support.py"] = data
    return Build(a, released, dict(sorted(files.items())))


def build_release(a: Assignment) -> dict[str, bytes]:
    """Every file ``release`` writes for ``a``: course-root-relative POSIX path -> bytes."""
    return build(a).files


def diff_release(a: Assignment, files: dict[str, bytes]) -> list[Change]:
    """How the disk differs from ``files`` (a :func:`build_release` of ``a``), sorted by path."""
    have = _on_disk(a)
    changes = [
        Change(rel, "missing" if rel not in have else "stale")
        for rel, data in files.items()
        if rel not in have or have[rel].read_bytes() != data
    ]
    changes += [Change(rel, "extra") for rel in have if rel not in files]
    return sorted(changes, key=lambda c: c.path)


def stale_files(a: Assignment, files: dict[str, bytes] | None = None) -> list[str]:
    """``diff_release`` as sentences (``release/x/x.ipynb (stale)``); builds ``a`` if needed."""
    want = build_release(a) if files is None else files
    return [f"{c.path} ({c.status})" for c in diff_release(a, want)]


def write_release(b: Build) -> None:
    """Replace ``release/<id>/`` and ``solutions/<id>/`` with ``b``'s files, all or nothing."""
    root = b.assignment.root
    staging = Path(tempfile.mkdtemp(prefix=".release-staging-", dir=root))
    try:
        for rel, data in b.files.items():
            dest = staging / "new" / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        _swap_in(root, staging, b.tops)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def run_release(root: Path, ids: list[str], *, check: bool, console: Console) -> int:
    """The ``release`` command: 0 when written (or, with ``check``, up to date), 1 when stale.

    Builds every requested assignment (all of ``assignments/`` when ``ids`` is empty) before
    writing any; an author error raises and leaves release/ and solutions/ untouched.
    """
    builds = [build(load_assignment(root, aid)) for aid in _targets(root, ids)]
    changes = {b.assignment.id: diff_release(b.assignment, b.files) for b in builds}
    if check:
        return _report_check(builds, changes, console)
    for b in builds:
        if changes[b.assignment.id]:
            write_release(b)
    _print_summary(builds, changes, console, check=False)
    return 0


def _targets(root: Path, ids: list[str]) -> list[str]:
    if not (root / "assignments").is_dir():
        raise UsageError(f"no assignments/ folder in {root}; run from the course repository")
    targets = list(dict.fromkeys(ids)) or list_assignments(root)
    if not targets:
        raise UsageError(
            f"no assignments in {root / 'assignments'}: expected assignments/<id>/<id>.ipynb"
        )
    return targets


def _ignored(rel: Path) -> bool:
    return bool(_IGNORED_PARTS.intersection(rel.parts)) or rel.suffix in _IGNORED_SUFFIXES


def _tree(folder: Path) -> dict[str, Path]:
    """The files under ``folder`` (none if it does not exist), by POSIX path relative to it."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not _ignored(p.relative_to(folder))
    }


def _on_disk(a: Assignment) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for top in (f"release/{a.id}", f"solutions/{a.id}"):
        for rel, path in _tree(a.root / top).items():
            found[f"{top}/{rel}"] = path
    return found


def _hidden_only_stems(a: Assignment) -> set[str]:
    """Module names of hidden tests that no public file shares (so naming them is a leak)."""
    public = {p.stem for p in a.public_tests.rglob("*.py")} if a.public_tests.is_dir() else set()
    hidden = {p.stem for p in a.hidden_tests.rglob("*.py")} if a.hidden_tests.is_dir() else set()
    return hidden - public - {"__init__", "conftest"}


def _check_not_secret(path: Path, a: Assignment) -> None:
    """Refuse a shipped path that is (a link to) a hidden test, a mutant or the config."""
    target = path.resolve()
    secret = [a.hidden_tests.resolve(), a.mutants.resolve()]
    if target == (a.dir / "assignment.toml").resolve() or any(
        target.is_relative_to(s) for s in secret
    ):
        raise LeakError(
            f"links to {target}, which must never reach students",
            path=path,
            fix="replace the link by a real file with only what students may see",
        )


def _check_shipped(path: Path, data: bytes, hidden: set[str], secrets: Iterable[Secret]) -> None:
    """Refuse a Python file for students that reaches into the hidden tests or holds a solution."""
    try:
        text = data.decode("utf-8")
        tree = ast.parse(text, filename=str(path))
    except (UnicodeDecodeError, SyntaxError) as exc:
        raise AuthorError(
            f"a file shipped to students does not parse as Python ({exc})",
            path=path,
            line=getattr(exc, "lineno", None),
            fix="fix the syntax error",
        ) from exc
    for node in ast.walk(tree):
        module = _imported_module(node)
        if module is not None and ("hidden" in module or hidden.intersection(module)):
            raise LeakError(
                f"imports the hidden tests (`{'.'.join(module) or '.'}`)",
                path=path,
                line=getattr(node, "lineno", None),
                fix="files shipped to students must stand alone: copy what they need into"
                " support.py (non-secret) or into the public test itself",
            )
    for number, line in enumerate(text.split("\n"), start=1):
        named = [s for s in hidden if re.search(rf"\b{re.escape(s)}\b", line)]
        if _HIDDEN_PATH.search(line) or named:
            raise LeakError(
                "names the hidden tests" + (f" (`{named[0]}`)" if named else ""),
                path=path,
                line=number,
                fix="students get tests/public/ only: remove the reference to tests/hidden",
            )
    check_leaks(text, secrets, path=path)


def _imported_module(node: ast.AST) -> list[str] | None:
    """Every dotted part of what ``node`` imports, module and names flattened, or None."""
    if isinstance(node, ast.Import):
        return [part for alias in node.names for part in alias.name.split(".")]
    if isinstance(node, ast.ImportFrom):
        parts = node.module.split(".") if node.module else []
        return parts + [alias.name for alias in node.names]
    return None


def _swap_in(root: Path, staging: Path, tops: Iterable[str]) -> None:
    """Rename ``staging/new/<top>`` to ``root/<top>`` for each top; on failure undo them all."""
    done: list[tuple[Path, Path | None, bool]] = []  # (final, backup, new one installed)
    try:
        for top in tops:
            final, new = root / top, staging / "new" / top
            new.mkdir(parents=True, exist_ok=True)
            final.parent.mkdir(parents=True, exist_ok=True)
            backup = staging / "old" / top if final.exists() else None
            if backup is not None:
                backup.parent.mkdir(parents=True, exist_ok=True)
                os.replace(final, backup)
            done.append((final, backup, False))
            os.replace(new, final)
            done[-1] = (final, backup, True)
    except BaseException:
        for final, backup, installed in reversed(done):
            if installed:
                shutil.rmtree(final, ignore_errors=True)
            if backup is not None:
                os.replace(backup, final)
        raise


def _report_check(builds: list[Build], changes: dict[str, list[Change]], console: Console) -> int:
    stale = [c for b in builds for c in changes[b.assignment.id]]
    for c in stale:
        colour = {"stale": "yellow", "missing": "red", "extra": "magenta"}[c.status]
        console.print(f"[{colour}]{c.status:>7}[/] {c.path}", highlight=False)
    _print_summary(builds, changes, console, check=True)
    if stale:
        console.print(
            f"{len(stale)} file(s) differ from what `autograder release` writes now:"
            f" run `autograder release {' '.join(a for a, c in changes.items() if c)}` and commit.",
            highlight=False,
        )
        return 1
    console.print("release/ and solutions/ are up to date.", highlight=False)
    return 0


def _print_summary(
    builds: list[Build], changes: dict[str, list[Change]], console: Console, *, check: bool
) -> None:
    table = Table(title="release --check" if check else "release", title_justify="left")
    table.add_column("assignment")
    for name in ("cells", "answer", "setup"):
        table.add_column(name, justify="right")
    table.add_column("files", justify="right")
    table.add_column("status")
    for b in builds:
        n = len(changes[b.assignment.id])
        status = "up to date" if not n else f"{n} file(s) differ" if check else "written"
        table.add_row(
            b.assignment.id,
            str(len(b.released.cells)),
            str(len(b.released.ids("answer"))),
            str(len(b.released.ids("setup"))),
            str(len(b.files)),
            status,
        )
    console.print(table)
    for b in builds:
        for note in b.released.notes:
            console.print(f"[yellow]note[/] {b.assignment.id}: {note}", highlight=False)
