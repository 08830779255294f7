"""Feedback a student learns from, as Markdown (for an LMS comment or a file next to the grade)."""

from __future__ import annotations

from .results import SubmissionResult, details_visible, training_line

__all__ = ["render_markdown"]


_OUTPUT_SHOWN = 8000


def _fence(text: str) -> str:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return f"{ticks}\n{text.rstrip()}\n{ticks}"


def _pts(x: float) -> str:
    return f"{x:g}"


def render_markdown(result: SubmissionResult, *, title: str, due_passed: bool = False) -> str:
    """The whole feedback page: score, notebook problems, each failed test and why, output."""
    out = [f"# {title}: feedback for {result.student}", ""]
    out.append(
        f"**Score: {_pts(result.score)} / {_pts(result.max_score)}**"
        + (" (late)" if result.late else "")
    )
    out.append("")
    if result.system_error:
        out += [
            "> The grader itself failed on this notebook; your teacher has been told. Nothing below is your fault.",
            "",
            _fence(result.system_error),
            "",
        ]
    if result.ungraded:
        out += ["## Your notebook could not be graded", "", result.ungraded, ""]
    if result.problems or result.cell_errors or result.crashes:
        out += ["## Your notebook", ""]
        for p in result.problems:
            out.append(f"- {p['message']}")
        for c in result.cell_errors:
            out.append(
                f"- Cell `{c['id']}` raised **{c['error_kind']}**; the cells after it still ran."
            )
            if c.get("error"):
                out += ["", _fence(c["error"]), ""]
        for crash in dict.fromkeys(result.crashes):
            out.append(f"- The sandbox was restarted after: {crash}")
        out.append("")
    if result.trainings:
        out += ["## Training", ""]
        for tr in result.trainings:
            where = f" (in `{tr['test']}`)" if tr.get("test") else ""
            out.append(f"- {training_line(tr)}{where}")
        out.append("")
    out += ["## Tests", "", "| | test | points |", "|---|---|---|"]
    for t in result.tests:
        mark = "✅" if t.get("passed") else ("⬜" if t.get("not_answered") else "❌")
        out.append(f"| {mark} | `{t['name']}` | {_pts(t['score'])} / {_pts(t['points'])} |")
    out.append("")
    failed = [t for t in result.tests if not t.get("passed")]
    if failed:
        out += ["## What to look at", ""]
    for t in failed:
        out += [f"### `{t['name']}` ({_pts(t['score'])} / {_pts(t['points'])})", ""]
        if t.get("doc"):
            out += [f"Checks: {t['doc']}", ""]
        if t.get("not_answered"):
            out += ["Not answered yet: the function still raises `NotImplementedError`.", ""]
        elif t.get("student_error"):
            out += ["Your code failed:", "", _fence(t["student_error"]), ""]
        elif details_visible(t.get("visibility", "hidden"), due_passed):
            if t.get("message"):
                out += [_fence(t["message"]), ""]
            if t.get("example"):
                out += ["Smallest failing input found:", "", _fence(t["example"]), ""]
        else:
            out += ["(The details of this hidden test are not shown.)", ""]
    if result.output.strip():
        shown = result.output
        if len(shown) > _OUTPUT_SHOWN:
            shown = (
                shown[:_OUTPUT_SHOWN]
                + f"\n[... {len(result.output) - _OUTPUT_SHOWN} more characters of output not kept]"
            )
        out += ["## What your cells printed", "", _fence(shown), ""]
    return "\n".join(out).rstrip() + "\n"
