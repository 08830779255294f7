"""``autograder release``: assignments/ into release/ (students) and solutions/ (after the deadline).

:func:`build_release` is pure apart from reading the assignment folder: it returns every file
the release would write, so ``--check`` and ``validate`` compare without writing, and a write
happens only after every requested assignment built cleanly. Each assignment's folders are
replaced by a rename of a complete temporary copy: a failed release leaves the old one intact.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from rich.console import Console

from .course import Assignment, list_assignments, load_assignment
from .errors import AuthorError, LeakError
from .nbio import dumps, read_source
from .transform import leak_lines, transform

__all__ = ["build_release", "run_release", "stale_files"]

_HIDDEN_IMPORT = re.compile(r"^\s*(from|import)\s+[\w.]*hidden", re.M)
_SKIP = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis"}


def _copy_tree(src: Path, dest_prefix: str, out: dict[str, bytes]) -> None:
    for f in sorted(src.rglob("*")):
        if f.is_file() and not (_SKIP & set(f.relative_to(src).parts)) and f.suffix != ".pyc":
            out[f"{dest_prefix}/{f.relative_to(src).as_posix()}"] = f.read_bytes()


def build_release(a: Assignment) -> dict[str, bytes]:
    """Every file ``release`` writes for ``a``, keyed by path relative to the course root."""
    nb = read_source(a.source)
    released = transform(nb, a.id, a.source)
    files: dict[str, bytes] = {
        f"release/{a.id}/{a.id}.ipynb": dumps(released.student),
        f"solutions/{a.id}/{a.id}.ipynb": dumps(released.solution),
    }
    secret = {line for lines in released.solution_lines.values() for line in leak_lines(lines)}
    if a.public_tests.is_dir():
        for f in sorted(a.public_tests.rglob("*.py")):
            text = f.read_text(encoding="utf-8")
            if _HIDDEN_IMPORT.search(text):
                raise LeakError(
                    "a public test imports from tests/hidden",
                    path=f,
                    fix="public tests must stand alone; copy what they need into support.py",
                )
            for number, line in enumerate(text.split("\n"), start=1):
                if line.strip() in secret:
                    raise LeakError(
                        f"solution line `{line.strip()}` appears in a public test",
                        path=f,
                        line=number,
                        fix="public tests must not contain the solution",
                    )
        _copy_tree(a.public_tests, f"release/{a.id}/tests/public", files)
    if a.support.is_file():
        files[f"release/{a.id}/support.py"] = a.support.read_bytes()
    if (a.dir / "data").is_dir():
        _copy_tree(a.dir / "data", f"release/{a.id}/data", files)
    return files


def _on_disk(a: Assignment) -> dict[str, Path]:
    found = {}
    for top in (a.root / "release" / a.id, a.root / "solutions" / a.id):
        if top.is_dir():
            for f in top.rglob("*"):
                if f.is_file() and not (_SKIP & set(f.parts)):
                    found[f.relative_to(a.root).as_posix()] = f
    return found


def stale_files(a: Assignment, files: dict[str, bytes] | None = None) -> list[str]:
    """Paths where the disk differs from what release would write now (stale, missing, extra)."""
    want = build_release(a) if files is None else files
    have = _on_disk(a)
    out = []
    for rel, data in sorted(want.items()):
        if rel not in have:
            out.append(f"{rel} (missing)")
        elif have[rel].read_bytes() != data:
            out.append(f"{rel} (stale)")
    out += [f"{rel} (should not be there)" for rel in sorted(set(have) - set(want))]
    return out


def _swap_in(root: Path, top: str, a_id: str, files: dict[str, bytes]) -> None:
    """Write ``top/<id>/`` as a whole: into a temporary sibling first, then rename over the old one."""
    parent = root / top
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{a_id}.new-", dir=parent))
    try:
        prefix = f"{top}/{a_id}/"
        for rel, data in files.items():
            if rel.startswith(prefix):
                dest = tmp / rel[len(prefix) :]
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
        os.chmod(tmp, 0o755)
        final = parent / a_id
        old = parent / f".{a_id}.old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        tmp.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def run_release(root: Path, ids: list[str], *, check: bool, console: Console) -> int:
    """The ``release`` command: build all, then write all (or, with ``--check``, compare)."""
    targets = ids or list_assignments(root)
    if not targets:
        raise AuthorError(
            "no assignments found", path=root / "assignments", fix="add assignments/<id>/<id>.ipynb"
        )
    built = {}
    for aid in targets:
        a = load_assignment(root, aid)
        built[aid] = (a, build_release(a))
    if check:
        stale = [s for a, files in built.values() for s in stale_files(a, files)]
        for s in stale:
            console.print(f"[red]stale:[/] {s}", highlight=False)
        if stale:
            console.print(
                f"{len(stale)} file(s) differ from what `autograder release` writes now; run it and commit."
            )
            return 1
        console.print(f"release/ and solutions/ are up to date for {', '.join(targets)}.")
        return 0
    for aid, (a, files) in built.items():
        _swap_in(root, "release", aid, files)
        _swap_in(root, "solutions", aid, files)
        answers = sum(1 for c in read_source(a.source)["cells"] if c.get("cell_type") != "raw")
        console.print(
            f"released {aid}: {len(files)} file(s) ({answers} cells) -> release/{aid}/, solutions/{aid}/"
        )
    return 0
