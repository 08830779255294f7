"""A graded submission as the engine's :class:`SubmissionResult`, with hand grades and the late
penalty applied: what the feedback page, the class report and the exports show."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from django.utils import timezone

from ..reports.results import SubmissionResult, is_due_passed
from .models import Assignment, ManualCell, ManualGrade, Submission
from .policy import Score, score_of

__all__ = ["due_passed", "final_result", "latest_graded", "result_of", "score"]


def result_of(sub: Submission) -> SubmissionResult | None:
    """The engine's result stored with ``sub`` (None until graded)."""
    if not sub.result:
        return None
    raw = json.loads(sub.result)
    names = {f.name for f in fields(SubmissionResult)}
    return SubmissionResult(**{k: v for k, v in raw.items() if k in names})


def due_passed(a: Assignment) -> bool:
    return is_due_passed(a.due, timezone.now())


def _manual(sub: Submission) -> tuple[float, float, list[dict[str, Any]]]:
    cells = list(ManualCell.objects.filter(assignment_id=sub.assignment_id).order_by("id"))
    grades = {g.cell_id: g for g in ManualGrade.objects.filter(submission=sub)}
    items = []
    for cell in cells:
        g = grades.get(cell.id)
        items.append(
            {
                "cell": cell.cell_id,
                "prompt": cell.prompt,
                "max": cell.max_points,
                "points": g.points if g else None,
                "comment": g.comment if g else "",
            }
        )
    got = sum(g.points for g in grades.values())
    return got, sum(c.max_points for c in cells), items


def score(sub: Submission) -> tuple[Score, list[dict[str, Any]]]:
    """The student's points on ``sub`` and the hand-graded cells (``points`` None: not yet)."""
    got, most, items = _manual(sub)
    auto = sub.auto_score or 0.0
    top = (sub.max_score or 0.0) + most
    return score_of(auto, got, top, sub.late_days, sub.assignment.penalty_per_day), items


def final_result(sub: Submission) -> SubmissionResult | None:
    """The result with the hand-graded cells as entries and the penalised total as the score."""
    r = result_of(sub)
    if r is None:
        return None
    s, items = score(sub)
    for it in items:
        pts = it["points"] or 0.0
        r.tests.append(
            {
                "name": f"graded by hand: {it['cell']}",
                "points": it["max"],
                "score": pts,
                "passed": it["points"] is not None and pts >= it["max"],
                "doc": it["comment"] or ("not graded yet" if it["points"] is None else ""),
                "visibility": "visible",
            }
        )
    r.score, r.max_score = s.total, s.max_points
    return r


def latest_graded(a: Assignment) -> list[Submission]:
    """Each student's latest graded submission of ``a`` (what counts)."""
    seen: dict[int, Submission] = {}
    for sub in (
        Submission.objects.filter(assignment=a, status=Submission.GRADED)
        .select_related("student", "assignment")
        .order_by("student_id", "-number")
    ):
        seen.setdefault(sub.student_id, sub)
    return sorted(seen.values(), key=lambda s: s.student.username)
