"""Scores and the Gradescope ``results.json``: pure functions from outcomes to records.

Visibility rules (Gradescope's meanings): a failed test's docstring is always shown; its
message and falsifying example only for ``visible`` tests, and for ``after_due_date`` tests
once the due date has passed. The student's own exceptions are theirs and always shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SubmissionResult",
    "details_visible",
    "gradescope_json",
    "is_due_passed",
    "make_result",
    "training_line",
]


@dataclass
class SubmissionResult:
    """Everything known about one graded submission."""

    student: str
    score: float
    max_score: float
    tests: list[dict[str, Any]]
    problems: list[dict[str, Any]] = field(default_factory=list)
    cell_errors: list[dict[str, Any]] = field(default_factory=list)
    output: str = ""
    backend: str = ""
    notes: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    trainings: list[dict[str, Any]] = field(default_factory=list)  # a lab's training calls
    ungraded: str = ""  # why the notebook could not be graded at all
    system_error: str = ""  # the grader's own failure (not the student's)
    seconds: float = 0.0
    late: bool = False
    submitted_at: str | None = None


def details_visible(visibility: str, due_passed: bool) -> bool:
    """Whether a test's message and example may be shown now."""
    return visibility == "visible" or (visibility == "after_due_date" and due_passed)


def make_result(
    student: str,
    collected: list[dict[str, Any]],
    record: dict[str, Any] | None,
    *,
    problems: list[dict[str, Any]] | None = None,
    ungraded: str = "",
    system_error: str = "",
    late: bool = False,
    submitted_at: str | None = None,
) -> SubmissionResult:
    """Merge the run's outcomes with the collected test list (a test that did not run scores 0)."""
    ran: dict[str, dict[str, Any]] = {}
    for t in (record or {}).get("tests", []):  # parametrized cases share a name: all must pass
        prev = ran.get(t["name"])
        if prev is None:
            ran[t["name"]] = dict(t)
        else:
            prev["seconds"] = prev.get("seconds", 0.0) + t.get("seconds", 0.0)
            if prev.get("passed") and not t.get("passed"):
                ran[t["name"]] = {**t, "seconds": prev["seconds"]}
    tests: list[dict[str, Any]] = []
    for meta in collected:
        t = dict(meta)
        got = ran.get(meta["name"])
        if got is not None:
            t.update(got)
        else:
            t.update(
                passed=False,
                message=ungraded or system_error or "this test did not run",
                example="",
                student_error="",
                not_answered=False,
                seconds=0.0,
            )
        t["score"] = t["points"] if t.get("passed") else 0.0
        tests.append(t)
    loads = (record or {}).get("loads", [])
    cell_errors = [c for c in (loads[0]["cells"] if loads else []) if not c.get("ok")]
    output = loads[0].get("output", "") if loads else ""
    load_error = loads[0].get("error", "") if loads else ""
    if load_error and not ungraded:
        cell_errors.append(
            {
                "id": "(all cells)",
                "role": "answer",
                "ok": False,
                "error_kind": "Sandbox",
                "error": load_error,
                "seconds": loads[0].get("seconds", 0.0),
            }
        )
    return SubmissionResult(
        student=student,
        score=round(sum(t["score"] for t in tests), 6),
        max_score=round(sum(t["points"] for t in tests), 6),
        tests=tests,
        problems=problems or [],
        cell_errors=cell_errors,
        output=output,
        backend=(record or {}).get("backend", ""),
        notes=(record or {}).get("notes", []),
        crashes=(record or {}).get("crashes", []),
        trainings=(record or {}).get("trainings", []),
        ungraded=ungraded,
        system_error=system_error,
        seconds=float((record or {}).get("seconds", 0.0)),
        late=late,
        submitted_at=submitted_at,
    )


def training_line(tr: dict[str, Any]) -> str:
    """One training call as a student reads it."""
    budget = float(tr.get("budget", 0.0))
    of = f" of a {budget:g} s budget" if budget != float("inf") else ""
    return f"Training `{tr['label']}` took {float(tr['seconds']):.1f} s{of} ({tr['status']})."


def _measured(t: dict[str, Any]) -> list[str]:
    lines = [training_line(tr) for tr in t.get("trainings", [])]
    lines += [f"Measured by the grader: {k} = {v:.4g}." for k, v in t.get("metrics", {}).items()]
    return lines


def _test_output(t: dict[str, Any], due_passed: bool) -> str:
    if t.get("passed"):
        return "\n\n".join(p for p in [str(t.get("doc", "")), *_measured(t)] if p)
    parts = [t.get("doc", ""), *[ln for ln in _measured(t) if ln.startswith("Training")]]
    if t.get("not_answered"):
        parts.append("Not answered yet: the function still raises NotImplementedError.")
    elif t.get("student_error"):
        parts.append(t["student_error"])
    elif details_visible(t.get("visibility", "hidden"), due_passed):
        if t.get("message"):
            parts.append(t["message"])
        if t.get("example"):
            parts.append(t["example"])
    return "\n\n".join(p for p in parts if p)


def gradescope_json(result: SubmissionResult, *, due_passed: bool = False) -> dict[str, Any]:
    """Gradescope's autograder results schema (score, tests[] with status, visibility, ...)."""
    tests = []
    for number, t in enumerate(result.tests, start=1):
        tests.append(
            {
                "name": t["name"],
                "number": str(number),
                "score": t["score"],
                "max_score": t["points"],
                "status": "passed" if t.get("passed") else "failed",
                "output": _test_output(t, due_passed),
                # The docstring is always shown (DESIGN.md), so every test entry is visible to
                # Gradescope; what the test's own visibility withholds was left out of `output`.
                "visibility": "visible",
                "tags": [f"visibility:{t.get('visibility', 'visible')}"],
                "execution_time": round(float(t.get("seconds", 0.0)), 3),
            }
        )
    lines = []
    if result.ungraded:
        lines.append(f"Your notebook could not be graded: {result.ungraded}")
    for p in result.problems:
        lines.append(f"Notebook structure: {p['message']}")
    for c in result.cell_errors:
        lines.append(f"Cell `{c['id']}` failed with {c['error_kind']}; later cells still ran.")
    return {
        "score": result.score,
        "max_score": result.max_score,
        "execution_time": round(result.seconds, 3),
        "output": "\n".join(lines),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def is_due_passed(due: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    """True once the assignment's due date is past (never when there is none)."""
    if due is None:
        return False
    return (now or dt.datetime.now(dt.UTC)) > due
