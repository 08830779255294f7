"""A batch's files: per student results.json, feedback.md and feedback.html; for the class
gradebook.csv, grades_lms.csv, summary.json, report.json and report.html."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from .feedback import render_markdown
from .html import render_feedback_html, render_report_html
from .report import build_report, plots
from .results import SubmissionResult, gradescope_json

__all__ = [
    "write_class_files",
    "write_gradebook",
    "write_lms_csv",
    "write_student",
    "write_summary",
]


def write_gradebook(
    path: Path, results: list[SubmissionResult], collected: list[dict[str, Any]]
) -> None:
    """One row per student, one column per test, the total and the late flag."""
    names = [t["name"] for t in collected]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["student", "total", "max", "late", *names])
        for r in sorted(results, key=lambda r: r.student):
            by = {t["name"]: t["score"] for t in r.tests}
            w.writerow(
                [
                    r.student,
                    f"{r.score:g}",
                    f"{r.max_score:g}",
                    int(r.late),
                    *(f"{by.get(n, 0):g}" for n in names),
                ]
            )


def write_student(out: Path, r: SubmissionResult, title: str, due_passed: bool) -> None:
    d = out / r.student
    d.mkdir(parents=True, exist_ok=True)
    (d / "results.json").write_text(
        json.dumps(gradescope_json(r, due_passed=due_passed), indent=1) + "\n", encoding="utf-8"
    )
    (d / "feedback.md").write_text(
        render_markdown(r, title=title, due_passed=due_passed), encoding="utf-8"
    )
    (d / "feedback.html").write_text(
        render_feedback_html(r, title=title, due_passed=due_passed), encoding="utf-8"
    )


def write_lms_csv(path: Path, results: list[SubmissionResult], title: str) -> None:
    """A grade import for Moodle-style LMSs: identifier, grade, and the feedback as plain text."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Identifier", "Grade", "Maximum grade", "Feedback comments"])
        for r in sorted(results, key=lambda r: r.student):
            failed = [t["name"] for t in r.tests if not t.get("passed")]
            text = f"{title}: {r.score:g}/{r.max_score:g}."
            if r.ungraded:
                text += f" Not graded: {r.ungraded}"
            elif failed:
                text += " Failed: " + ", ".join(failed) + ". See feedback.html for why."
            w.writerow([r.student, f"{r.score:g}", f"{r.max_score:g}", text])


def write_summary(out: Path, summary: dict[str, Any]) -> None:
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")


def write_class_files(
    out: Path,
    results: list[SubmissionResult],
    collected: list[dict[str, Any]],
    summary: dict[str, Any],
    title: str,
) -> None:
    """The class's files, once every submission has its result."""
    write_gradebook(out / "gradebook.csv", results, collected)
    write_lms_csv(out / "grades_lms.csv", results, title)
    write_summary(out, summary)
    report = build_report(results, collected, summary)
    (out / "report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    html = render_report_html(report, plots(report), title=title)
    (out / "report.html").write_text(html, encoding="utf-8")
