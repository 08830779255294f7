"""Self-contained HTML pages: a student's ``feedback.html`` and the class ``report.html``.

No network, no scripts, no external fonts: inline CSS and images embedded as data URIs, so the
files can be mailed, attached to an LMS or opened on a phone. Everything that comes from a
submission is escaped.
"""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from .results import SubmissionResult, details_visible

__all__ = ["render_feedback_html", "render_report_html"]

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:56rem;padding:1rem;
color:#1d232a;line-height:1.45}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #ddd}
h3{font-size:1rem;margin:.2rem 0}
.score{font-size:2rem;font-weight:700}.bar{height:.7rem;background:#e7ebef;border-radius:.35rem;overflow:hidden}
.bar>span{display:block;height:100%;background:#2e8b57}
table{border-collapse:collapse;width:100%}td,th{padding:.3rem .4rem;border-bottom:1px solid #eee;text-align:left;
vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}
.pass{color:#2e8b57}.fail{color:#c0392b}.todo{color:#8a6d1e}
pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;border-radius:.3rem;font-size:.85rem;white-space:pre-wrap;
word-break:break-word}
.card{border:1px solid #e1e4e8;border-radius:.4rem;padding:.6rem .8rem;margin:.6rem 0}
.muted{color:#5b6670;font-size:.9rem}img{max-width:100%;height:auto}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


def _pts(x: float) -> str:
    return f"{x:g}"


def _pre(text: str) -> str:
    return f"<pre>{escape(text)}</pre>"


def render_feedback_html(result: SubmissionResult, *, title: str, due_passed: bool = False) -> str:
    """The student's page: total, per-test points, why each failed test failed, their cell errors."""
    pct = 100 * result.score / result.max_score if result.max_score else 0.0
    parts = [
        f'<h1>{escape(title)}</h1><p class="muted">Feedback for <b>{escape(result.student)}</b>'
        + (" &middot; submitted late" if result.late else "")
        + "</p>",
        f'<div class="score">{_pts(result.score)} / {_pts(result.max_score)}</div>'
        f'<div class="bar"><span style="width:{pct:.1f}%"></span></div>',
    ]
    if result.system_error:
        parts.append(
            '<div class="card"><b>The grader itself failed on this notebook.</b> Your teacher has been '
            "told; nothing here is your fault." + _pre(result.system_error) + "</div>"
        )
    if result.ungraded:
        parts.append(f"<h2>Your notebook could not be graded</h2><p>{escape(result.ungraded)}</p>")
    if result.problems or result.cell_errors or result.crashes:
        parts.append("<h2>Your notebook</h2>")
        for p in result.problems:
            parts.append(f"<p>{escape(p['message'])}</p>")
        for c in result.cell_errors:
            parts.append(
                f'<div class="card">Cell <code>{escape(c["id"])}</code> raised <b>{escape(c["error_kind"])}'
                "</b>; the cells after it still ran."
                + (_pre(c["error"]) if c.get("error") else "")
                + "</div>"
            )
        for crash in dict.fromkeys(result.crashes):
            parts.append(f"<p>The sandbox was restarted after: {escape(crash)}</p>")
    rows = []
    for t in result.tests:
        if t.get("passed"):
            mark = '<span class="pass">&#10003;</span>'
        elif t.get("not_answered"):
            mark = '<span class="todo">&#9675;</span>'
        else:
            mark = '<span class="fail">&#10007;</span>'
        rows.append(
            f'<tr><td>{mark}</td><td><code>{escape(t["name"])}</code><br><span class="muted">'
            f'{escape(t.get("doc", ""))}</span></td><td class="num">{_pts(t["score"])} / {_pts(t["points"])}</td></tr>'
        )
    parts.append(
        '<h2>Tests</h2><table><tr><th></th><th>test</th><th class="num">points</th></tr>'
        + "".join(rows)
        + "</table>"
    )
    failed = [t for t in result.tests if not t.get("passed")]
    if failed:
        parts.append("<h2>What to look at</h2>")
    for t in failed:
        body = [
            f"<h3><code>{escape(t['name'])}</code> &middot; {_pts(t['score'])} / {_pts(t['points'])}</h3>"
        ]
        if t.get("doc"):
            body.append(f"<p>Checks: {escape(t['doc'])}</p>")
        if t.get("not_answered"):
            body.append(
                "<p>Not answered yet: the function still raises <code>NotImplementedError</code>.</p>"
            )
        elif t.get("student_error"):
            body.append("<p>Your code failed:</p>" + _pre(t["student_error"]))
        elif details_visible(t.get("visibility", "hidden"), due_passed):
            if t.get("message"):
                body.append(_pre(t["message"]))
            if t.get("example"):
                body.append("<p>Smallest failing input found:</p>" + _pre(t["example"]))
        else:
            body.append('<p class="muted">The details of this hidden test are not shown.</p>')
        parts.append('<div class="card">' + "".join(body) + "</div>")
    if result.output.strip():
        parts.append("<h2>What your cells printed</h2>" + _pre(result.output[:8000]))
    return _page(f"{title}: {result.student}", "\n".join(parts))


def _img(png: bytes, alt: str) -> str:
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def render_report_html(report: dict[str, Any], images: dict[str, bytes], *, title: str) -> str:
    """The teacher's page: distribution, hardest tests, what the class got wrong, what failed to grade."""
    parts = [
        f"<h1>{escape(title)}: class report</h1>",
        f'<p class="muted">{report["submissions"]} submissions &middot; sandbox <b>{escape(str(report["sandbox"]))}</b>'
        f" &middot; {report['wall_seconds']:.1f} s wall ({report['seconds_per_submission']:.2f} s per submission)"
        f" &middot; {report.get('reused', 0)} reused from cache, {report.get('graded_now', report['submissions'])} graded now</p>",
        f"<p>Mean <b>{report['mean']:.1f}</b>, median <b>{report['median']:.1f}</b> out of {report['max_score']:g};"
        f" {report['full_marks']} with full marks.</p>",
    ]
    if "histogram" in images:
        parts.append(_img(images["histogram"], "histogram of scores"))
    parts.append("<h2>Tests, hardest first</h2>")
    if "pass_rates" in images:
        parts.append(_img(images["pass_rates"], "pass rate per test"))
    rows = []
    for t in report["tests"]:
        fails = "".join(
            f'<li>{escape(f["message"])} <span class="muted">(&times;{f["count"]})</span></li>'
            for f in t["top_failures"]
        )
        rows.append(
            f'<tr><td><code>{escape(t["name"])}</code><br><span class="muted">{escape(t["doc"])}</span>'
            f'{"<ul>" + fails + "</ul>" if fails else ""}</td><td class="num">{100 * t["pass_rate"]:.0f}%</td>'
            f'<td class="num">{t["points"]:g}</td></tr>'
        )
    parts.append(
        '<table><tr><th>test and the most frequent failures</th><th class="num">pass</th>'
        '<th class="num">points</th></tr>' + "".join(rows) + "</table>"
    )
    if report["ungraded"]:
        parts.append(
            "<h2>Not graded</h2><table><tr><th>student</th><th>why</th></tr>"
            + "".join(
                f"<tr><td>{escape(u['student'])}</td><td>{escape(u['reason'][:300])}</td></tr>"
                for u in report["ungraded"]
            )
            + "</table>"
        )
    if report.get("notes"):
        parts.append("<h2>Notes</h2>" + "".join(f"<p>{escape(n)}</p>" for n in report["notes"]))
    score_rows = "".join(
        f'<tr><td>{escape(s)}</td><td class="num">{v:g}</td></tr>'
        for s, v in report["scores"].items()
    )
    parts.append(
        '<h2>Scores</h2><table><tr><th>student</th><th class="num">score</th></tr>'
        + score_rows
        + "</table>"
    )
    return _page(f"{title}: class report", "\n".join(parts))
