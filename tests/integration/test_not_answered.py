"""A stub still in place ends its test at the first call: hypothesis neither shrinks nor replays it
(``NotAnswered`` is a ``BaseException``), and the verdict the student reads is "not answered"."""

from __future__ import annotations

from pathlib import Path

from hypothesis import Phase, settings

from autograder.engine.plugin import VERDICT_PROFILE
from autograder.testing import GRADING_PROFILE

from .conftest import GOOD, grade, student_notebook

# Raises NotImplementedError on its first call, then says which call each later one is. The
# worker keeps its module between tests, so the next test's message counts the calls the first
# test made: "call 2" if it stopped at the first call, more had hypothesis shrunk or replayed it.
FIRST_CALL_STUB = (
    "_calls = []\n"
    "def add(x, y):\n"
    "    _calls.append(1)\n"
    "    if len(_calls) == 1:\n"
    "        raise NotImplementedError()\n"
    "    raise ValueError(f'call {len(_calls)}')\n"
)


def _test(result: dict, name: str) -> dict:
    return next(t for t in result["tests"] if t["name"] == name)


def test_stub_ends_its_test_at_the_first_call(tiny_course: Path, tmp_path: Path, write_nb) -> None:
    subs = tmp_path / "subs"
    answers = {**GOOD, "answer-add": FIRST_CALL_STUB}
    write_nb(subs, "first_call", student_notebook(tiny_course, answers))
    write_nb(subs, "untouched", student_notebook(tiny_course))
    results = grade(tiny_course, subs, tmp_path / "out")
    hyp = _test(results["first_call"], "test_add_integers")
    assert hyp["status"] == "failed"
    assert "Not answered yet" in hyp["output"], hyp["output"]
    assert "assert" not in hyp["output"].lower() and "flaky" not in hyp["output"].lower()
    # the next test makes the second call in all, and says it is not a stub
    tensors = _test(results["first_call"], "test_add_tensors")
    assert tensors["status"] == "failed" and "Not answered" not in tensors["output"]
    assert "call 2" in tensors["output"], tensors["output"]
    untouched = results["untouched"]
    assert untouched["score"] == 0
    assert all("Not answered yet" in t["output"] for t in untouched["tests"]), untouched["tests"]


def test_verdict_profile_only_drops_shrinking() -> None:
    grading, verdict = settings.get_profile(GRADING_PROFILE), settings.get_profile(VERDICT_PROFILE)
    assert Phase.shrink in grading.phases and Phase.shrink not in verdict.phases
    assert Phase.generate in verdict.phases and Phase.explicit in verdict.phases
    for name in ("max_examples", "derandomize", "database", "deadline", "suppress_health_check"):
        assert getattr(verdict, name) == getattr(grading, name), name
