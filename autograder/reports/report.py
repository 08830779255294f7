"""The class report: numbers teachers act on (pure), and the plots that show them.

``build_report`` turns a batch's results into plain data (also written as ``report.json``):
the score distribution, the pass rate per test with the hardest first, the most frequent
failure messages per test, the submissions that could not be graded and why, and timing.
``plots`` draws the histogram and pass rates with matplotlib (Agg) as PNG bytes.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from .results import SubmissionResult

__all__ = ["build_report", "load_plotting", "plots"]


def _first_line(t: dict[str, Any]) -> str:
    if t.get("not_answered"):
        return "not answered yet"
    text = t.get("student_error") or t.get("message") or "failed"
    line = str(text).strip().splitlines()[0] if str(text).strip() else "failed"
    return line[:160]


def build_report(
    results: list[SubmissionResult], collected: list[dict[str, Any]], summary: dict[str, Any]
) -> dict[str, Any]:
    """Everything report.html shows, as JSON-ready data."""
    graded = [r for r in results if not r.ungraded and not r.system_error]
    scores = sorted(r.score for r in results)
    max_score = max((r.max_score for r in results), default=0.0)
    per_test = []
    for meta in collected:
        outcomes = [t for r in graded for t in r.tests if t["name"] == meta["name"]]
        passed = sum(1 for t in outcomes if t.get("passed"))
        failures = Counter(_first_line(t) for t in outcomes if not t.get("passed"))
        per_test.append(
            {
                "name": meta["name"],
                "points": meta["points"],
                "doc": meta.get("doc", ""),
                "pass_rate": passed / len(outcomes) if outcomes else 0.0,
                "passed": passed,
                "graded": len(outcomes),
                "top_failures": [{"message": m, "count": c} for m, c in failures.most_common(3)],
            }
        )
    per_test.sort(key=lambda t: (t["pass_rate"], t["name"]))
    n = len(scores)
    return {
        **summary,
        "max_score": max_score,
        "scores": {r.student: r.score for r in sorted(results, key=lambda r: r.student)},
        "mean": sum(scores) / n if n else 0.0,
        "median": (scores[n // 2] if n % 2 else (scores[n // 2 - 1] + scores[n // 2]) / 2)
        if n
        else 0.0,
        "full_marks": sum(1 for s in scores if max_score and s >= max_score),
        "tests": per_test,
        "ungraded": [
            {"student": r.student, "reason": r.ungraded or r.system_error}
            for r in results
            if r.ungraded or r.system_error
        ],
        "late": sorted(r.student for r in results if r.late),
    }


def load_plotting() -> Any:
    """matplotlib's pyplot on the Agg backend (0.6 s to import: a batch calls this in a
    background thread while it grades, so the report does not wait for it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plots(report: dict[str, Any]) -> dict[str, bytes]:
    """PNG images: ``histogram`` of scores and ``pass_rates`` per test (hardest at the top)."""
    plt = load_plotting()

    out: dict[str, bytes] = {}
    scores = list(report["scores"].values())
    fig, ax = plt.subplots(figsize=(6, 3), dpi=100)
    top = report["max_score"] or 1.0
    ax.hist(
        scores,
        bins=min(20, max(5, len(scores))),
        range=(0, top),
        color="#3b6ea8",
        edgecolor="white",
    )
    ax.set_xlabel("score")
    ax.set_ylabel("submissions")
    ax.set_title(f"scores (mean {report['mean']:.1f} / {top:g})")
    fig.tight_layout()
    out["histogram"] = _png(fig)
    tests = report["tests"]
    fig, ax = plt.subplots(figsize=(6, 0.35 * max(len(tests), 3) + 0.8), dpi=100)
    names = [t["name"] for t in tests][::-1]
    rates = [100 * t["pass_rate"] for t in tests][::-1]
    ax.barh(
        names,
        rates,
        color=["#c0392b" if r < 50 else "#e0a030" if r < 80 else "#2e8b57" for r in rates],
    )
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of graded submissions passing")
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    out["pass_rates"] = _png(fig)
    plt.close("all")
    return out


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
