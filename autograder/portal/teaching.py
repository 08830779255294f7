"""What teachers do, apart from the pages: publish, regrade, hand grades, exports, the roster."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from ..commands.submission import parse_notebook
from ..course import list_assignments, load_assignment
from ..errors import UsageError
from ..reports.html import render_report_html
from ..reports.outputs import write_gradebook, write_lms_csv
from ..reports.report import build_report, plots
from ..reports.results import SubmissionResult
from . import queue
from .access import make_token
from .intake import read_upload, release_notebook
from .models import Assignment, Job, ManualCell, ManualGrade, Submission
from .policy import read_late_policy
from .scores import final_result, latest_graded

__all__ = [
    "answer_text",
    "class_report_html",
    "export_csv",
    "grade_by_hand",
    "import_roster",
    "publish",
    "regrade_all",
    "releasable",
    "rubric_items",
]


def releasable() -> list[str]:
    """Assignments of the course that have a student release."""
    root = Path(settings.COURSE_ROOT)
    if not (root / "assignments").is_dir():
        return []
    return [i for i in list_assignments(root) if (root / "release" / i / f"{i}.ipynb").is_file()]


def _points(cell: Any) -> float:
    raw = cell.get("metadata", {}).get("nbgrader", {}).get("points", 0)
    return float(raw) if isinstance(raw, int | float) and raw > 0 else 2.0


def publish(slug: str, *, published: bool = True) -> Assignment:
    """Publish (or take back) an assignment of ``release/``: title, due date, late policy and
    its free-text cells come from the course files."""
    if slug not in releasable():
        raise UsageError(f"{slug!r} has no release: run `autograder release {slug}` first")
    ca = load_assignment(Path(settings.COURSE_ROOT), slug)
    policy = read_late_policy(ca)
    with transaction.atomic():
        a, _ = Assignment.objects.update_or_create(
            slug=slug,
            defaults={
                "title": ca.title,
                "due": policy.due,
                "hard_deadline": policy.hard_deadline,
                "penalty_per_day": policy.penalty_per_day,
                "published": published,
                "published_at": timezone.now() if published else None,
            },
        )
        for c in release_notebook(ca).cells:
            role = c.get("metadata", {}).get("autograder", {}).get("role")
            if c.get("cell_type") == "markdown" and role == "answer":
                ManualCell.objects.get_or_create(
                    assignment=a,
                    cell_id=str(c["id"]),
                    defaults={"prompt": str(c.get("source", "")), "max_points": _points(c)},
                )
    return a


def regrade_all(a: Assignment) -> int:
    """Queue every student's latest submission again (the result cache makes it free when
    nothing that decides a grade changed); how many were queued."""
    latest: dict[int, Submission] = {}
    for sub in Submission.objects.filter(assignment=a).order_by("student_id", "-number"):
        latest.setdefault(sub.student_id, sub)
    queued = 0
    with transaction.atomic():
        for sub in latest.values():
            if Job.objects.filter(submission=sub, state__in=[Job.QUEUED, Job.RUNNING]).exists():
                continue
            queue.enqueue(sub)
            queued += 1
    return queued


@dataclass(frozen=True)
class RubricItem:
    index: int
    points: float
    text: str


def rubric_items(cell: ManualCell) -> list[RubricItem]:
    """``<points> | <what earns them>`` a line; a line without points is worth 0."""
    items = []
    for i, line in enumerate(ln for ln in cell.rubric.splitlines() if ln.strip()):
        pts, sep, text = line.partition("|")
        try:
            value = float(pts) if sep else 0.0
        except ValueError:
            value, text = 0.0, line
        items.append(RubricItem(i, value, (text if sep else line).strip()))
    return items


def grade_by_hand(
    sub: Submission,
    cell: ManualCell,
    grader: User,
    checked: list[int],
    points: float | None,
    comment: str,
) -> ManualGrade:
    """Points from the ticked rubric items (or given outright), kept within 0..max."""
    items = rubric_items(cell)
    if points is None:
        points = sum(it.points for it in items if it.index in checked)
    points = max(0.0, min(cell.max_points, points))
    g, _ = ManualGrade.objects.update_or_create(
        submission=sub,
        cell=cell,
        defaults={
            "points": points,
            "checked": ",".join(str(i) for i in sorted(set(checked))),
            "comment": comment.strip()[:5000],
            "grader": grader,
        },
    )
    return g


def answer_text(sub: Submission, cell_id: str) -> str:
    """What the student wrote in a free-text cell, as plain text (never executed or rendered)."""
    try:
        nb, _ = parse_notebook(read_upload(sub))
    except OSError:
        return "(the stored file is missing)"
    if nb is None:
        return "(the notebook cannot be read)"
    for c in nb.cells:
        gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if str(c.get("id")) == cell_id or gid == cell_id:
            src = c.get("source", "")
            return "".join(src) if isinstance(src, list) else str(src)
    return "(this cell is missing from the notebook)"


def _results(a: Assignment) -> tuple[list[SubmissionResult], list[dict[str, Any]]]:
    results = [r for r in (final_result(s) for s in latest_graded(a)) if r is not None]
    collected: list[dict[str, Any]] = []
    for r in results:
        for t in r.tests:
            if t["name"] not in {c["name"] for c in collected}:
                collected.append({k: t.get(k) for k in ("name", "points", "doc", "visibility")})
    return results, collected


def class_report_html(a: Assignment) -> str:
    results, collected = _results(a)
    counts = {
        s: Submission.objects.filter(assignment=a, status=s).count()
        for s in ("queued", "grading", "graded", "failed")
    }
    failed = [
        {"student": s.student.username, "reason": s.error}
        for s in Submission.objects.filter(assignment=a, status=Submission.FAILED).select_related(
            "student"
        )
    ]
    seconds = [r.seconds for r in results]
    summary = {
        "assignment": a.slug,
        "sandbox": ", ".join(sorted({r.backend for r in results if r.backend})) or "-",
        "submissions": len(results),
        "wall_seconds": sum(seconds),
        "seconds_per_submission": sum(seconds) / len(seconds) if seconds else 0.0,
        "reused": 0,
        "graded_now": len(results),
        "notes": [f"uploads: {json.dumps(counts)}"],
    }
    report = build_report(results, collected, summary)
    report["ungraded"] += failed
    return render_report_html(report, plots(report), title=a.title)


def export_csv(a: Assignment, kind: str) -> str:
    """``gradebook`` (one column per test) or ``lms`` (Moodle-style grade import)."""
    results, collected = _results(a)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out.csv"
        if kind == "gradebook":
            write_gradebook(path, results, collected)
        else:
            write_lms_csv(path, results, a.title)
        return path.read_text(encoding="utf-8")


def import_roster(text: str, origin: str) -> list[dict[str, str]]:
    """Users from a CSV (``username`` required; ``email``, ``first_name``, ``last_name``,
    ``role`` = student | ta | teacher), each with a new sign-in link."""
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "username" not in (rows[0].keys() if rows else []):
        raise UsageError("the roster needs a header line with at least a `username` column")
    out = []
    with transaction.atomic():
        for row in rows:
            name = (row.get("username") or "").strip()
            if not name:
                continue
            role = (row.get("role") or "student").strip().lower()
            user, created = User.objects.get_or_create(username=name[:150])
            if created:
                user.set_unusable_password()
            user.email = (row.get("email") or user.email).strip()
            user.first_name = (row.get("first_name") or user.first_name).strip()[:150]
            user.last_name = (row.get("last_name") or user.last_name).strip()[:150]
            user.is_staff = role in ("ta", "teacher")
            user.is_superuser = role == "teacher"
            user.save()
            link = f"{origin}/login/link/{make_token(user)}/"
            out.append({"username": name, "role": role, "link": link, "new": str(created)})
    return out
