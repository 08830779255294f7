"""Scores, visibility and the Gradescope schema, as pure functions."""

from __future__ import annotations

from autograder.reports.feedback import render_markdown
from autograder.reports.html import render_feedback_html
from autograder.reports.results import details_visible, gradescope_json, make_result

COLLECTED = [
    {
        "name": "test_a",
        "points": 2.0,
        "visibility": "visible",
        "doc": "a works.",
        "public": True,
        "nodeid": "a",
    },
    {
        "name": "test_b",
        "points": 3.0,
        "visibility": "hidden",
        "doc": "b works.",
        "public": False,
        "nodeid": "b",
    },
    {
        "name": "test_c",
        "points": 5.0,
        "visibility": "after_due_date",
        "doc": "c works.",
        "public": False,
        "nodeid": "c",
    },
]


def _ran(name: str, passed: bool, **extra: object) -> dict:
    base = {
        "name": name,
        "passed": passed,
        "message": "",
        "example": "",
        "student_error": "",
        "not_answered": False,
        "seconds": 0.1,
    }
    return {**base, **extra}


def test_scores_sum_points_of_passed_tests_and_missing_tests_score_zero() -> None:
    record = {
        "tests": [_ran("test_a", True), _ran("test_b", False, message="assert 1 == 2")],
        "loads": [],
    }
    r = make_result("s", COLLECTED, record)
    assert (r.score, r.max_score) == (2.0, 10.0)
    assert [t["score"] for t in r.tests] == [2.0, 0.0, 0.0]
    assert r.tests[2]["message"] == "this test did not run"


def test_parametrized_cases_pass_only_together() -> None:
    record = {"tests": [_ran("test_a", True), _ran("test_a", False, message="case 2")], "loads": []}
    r = make_result("s", COLLECTED[:1], record)
    assert r.score == 0 and r.tests[0]["message"] == "case 2"


def test_visibility_rules() -> None:
    assert details_visible("visible", False) and not details_visible("hidden", True)
    assert not details_visible("after_due_date", False) and details_visible("after_due_date", True)


def test_hidden_details_never_reach_the_student() -> None:
    record = {
        "tests": [
            _ran("test_a", False, message="SECRET-A", example="Failing test case: x=1"),
            _ran("test_b", False, message="SECRET-B"),
            _ran("test_c", False, message="SECRET-C"),
        ],
        "loads": [],
    }
    r = make_result("s", COLLECTED, record)
    before = gradescope_json(r, due_passed=False)
    outputs = {t["name"]: t["output"] for t in before["tests"]}
    assert "SECRET-A" in outputs["test_a"] and "x=1" in outputs["test_a"]
    assert "SECRET-B" not in outputs["test_b"] and "b works." in outputs["test_b"]
    assert "SECRET-C" not in outputs["test_c"]
    after = gradescope_json(r, due_passed=True)
    assert "SECRET-C" in {t["name"]: t["output"] for t in after["tests"]}["test_c"]
    for page in (render_markdown(r, title="T"), render_feedback_html(r, title="T")):
        assert "SECRET-B" not in page and "SECRET-C" not in page and "SECRET-A" in page


def test_gradescope_schema_fields() -> None:
    r = make_result("s", COLLECTED, {"tests": [_ran("test_a", True)], "loads": []})
    js = gradescope_json(r)
    assert {"score", "max_score", "execution_time", "output", "tests"} <= set(js)
    for t in js["tests"]:
        assert {
            "name",
            "score",
            "max_score",
            "status",
            "output",
            "visibility",
            "execution_time",
        } <= set(t)
        assert t["status"] in ("passed", "failed")


def test_student_text_is_escaped_in_html() -> None:
    record = {
        "tests": [_ran("test_a", False, student_error="<script>alert(1)</script>")],
        "loads": [],
    }
    page = render_feedback_html(make_result("<b>eve</b>", COLLECTED[:1], record), title="T")
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>eve</b>" not in page
