"""validate's static checks: release/ is fresh, and nothing secret leaks into it."""

from __future__ import annotations

import re

from ..course import Assignment
from ..errors import AuthorError

__all__ = ["fresh_problem", "leak_problems"]


def fresh_problem(a: Assignment) -> tuple[str, str] | None:
    """None when release/ and solutions/ are what `release` builds; else (short, detail)."""
    from ..authoring.release import stale_files

    try:
        stale = stale_files(a)
    except AuthorError as exc:
        return "author error", str(exc)
    if stale:
        return (
            f"{len(stale)} stale",
            "release/ or solutions/ differ from `autograder release`: "
            + ", ".join(stale)
            + "; run `autograder release "
            + a.id
            + "`",
        )
    return None


def leak_problems(a: Assignment) -> list[str]:
    """What release/ gives away: hidden tests, mutants, solutions, the assignment's config."""
    problems = []
    secret_names = {
        p.name for d in (a.hidden_tests, a.mutants) if d.is_dir() for p in d.rglob("*.py")
    }
    if a.release_dir.is_dir():
        for f in a.release_dir.rglob("*"):
            rel = f.relative_to(a.release_dir).as_posix()
            if f.is_file() and (
                (f.name in secret_names and "public" not in rel)
                or "hidden" in rel
                or "mutant" in rel
                or f.name == "assignment.toml"
                or "solution" in f.name
            ):
                problems.append(f"release/{a.id}/{rel} should not be released")
        for f in (
            (a.release_dir / "tests" / "public").rglob("*.py")
            if (a.release_dir / "tests").is_dir()
            else []
        ):
            text = f.read_text(encoding="utf-8")
            if re.search(r"^\s*(from|import)\s+\S*hidden", text, re.M):
                problems.append(f"{f.name} imports from tests/hidden")
    try:  # the release build refuses solution lines in the student version (LeakError)
        from ..authoring.release import build_release

        build_release(a)
    except AuthorError as exc:
        problems.append(str(exc))
    return problems
