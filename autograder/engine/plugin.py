"""The pytest plugin of a grading run: fixtures, markers, the grading profile, and the outcomes.

One :class:`GradingPlugin` serves one pytest session, i.e. one submission (or one solution in
``validate``). It gives tests the ``student``, ``reference`` and ``support`` fixtures, seeds
both sides identically per test, and records per test: points, visibility, docstring, outcome,
the message, the falsifying example, and the student's traceback.
"""

from __future__ import annotations

import random
import re
import time
import zlib
from collections.abc import Generator, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, Phase, settings

from ..errors import StudentError
from ..testing import GRADING_PROFILE
from .judge import Judge
from .namespaces import ReferenceNamespace, StudentProxy
from .proxy import SandboxSession

__all__ = ["GradingPlugin", "TestOutcome"]

settings.register_profile(
    GRADING_PROFILE,
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=30,
    print_blob=False,
    report_multiple_bugs=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
# `validate`'s known-wrong implementations (mutants, trivial answers, the stub): whether each
# test fails is decided when generation finds a failing example; shrinking it to the smallest
# one only improves feedback nobody reads there. Same examples, same verdicts, no shrink.
VERDICT_PROFILE = GRADING_PROFILE + "-verdict"
settings.register_profile(
    VERDICT_PROFILE,
    parent=settings.get_profile(GRADING_PROFILE),
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
)


@dataclass
class TestOutcome:
    """One test's result, as data (rendered later, per visibility)."""

    name: str
    nodeid: str
    points: float
    visibility: str
    doc: str
    passed: bool = False
    message: str = ""  # assertion message / exception line (shown only where visibility allows)
    example: str = ""  # hypothesis's falsifying example (same rule)
    student_error: str = ""  # the student's own exception with traceback (always shown)
    not_answered: bool = False
    seconds: float = 0.0
    public: bool = False
    metrics: dict[str, float] = field(default_factory=dict)  # a lab's trained checks
    trainings: list[dict[str, Any]] = field(default_factory=list)  # training calls it ran


@dataclass
class GradingPlugin:
    """Holds the session-wide objects the fixtures hand out and collects outcomes."""

    session: SandboxSession | None
    reference_ns: dict[str, Any] | None
    support_module: ModuleType | None
    hidden_dir: Path | None = None
    only: set[str] | None = None  # run just these test names (mutant checks)
    verdict_only: bool = False  # validate's wrong implementations: VERDICT_PROFILE (no shrink)
    inprocess_student: bool = False  # benchmarks only: the solution graded in-process, unconfined
    judge: Judge = field(default_factory=lambda: Judge({}, {}))
    train_threads: int = 2
    outcomes: list[TestOutcome] = field(default_factory=list)
    collected: list[dict[str, Any]] = field(default_factory=list)
    _start: dict[str, float] = field(default_factory=dict)

    # -- configuration ---------------------------------------------------------------------
    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", "points(n): points the test is worth")
        config.addinivalue_line(
            "markers", "visibility(v): visible | hidden | after_due_date | after_published"
        )
        settings.load_profile(VERDICT_PROFILE if self.verdict_only else GRADING_PROFILE)

    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        seen: set[str] = set()
        for item in items:
            meta = self._meta(item)
            if meta.name not in seen:
                seen.add(meta.name)
                self.collected.append(
                    {
                        "name": meta.name,
                        "points": meta.points,
                        "visibility": meta.visibility,
                        "doc": meta.doc,
                        "public": meta.public,
                        "nodeid": meta.nodeid,
                        # a lab's trained check (it asks for the calibration fixture)
                        "calibrated": "calibration" in getattr(item, "fixturenames", ()),
                    }
                )
        if self.only is None:
            return
        keep = [i for i in items if _name(i) in self.only]
        dropped = [i for i in items if _name(i) not in self.only]
        items[:] = keep
        config.hook.pytest_deselected(items=dropped)

    # -- fixtures --------------------------------------------------------------------------
    @pytest.fixture(scope="session")
    def student(self) -> StudentProxy | ReferenceNamespace:
        if self.inprocess_student and self.reference_ns is not None:
            # the benchmark floor: no sandbox at all
            return ReferenceNamespace(self.reference_ns, self.train_threads)
        if self.session is None:
            raise RuntimeError("no submission in this run")
        return StudentProxy(self.session)

    @pytest.fixture(scope="session")
    def reference(self) -> ReferenceNamespace:
        if self.reference_ns is None:
            pytest.skip(
                "the reference solution is not available here (public tests must not use it)"
            )
        return ReferenceNamespace(self.reference_ns, self.train_threads)

    @pytest.fixture(scope="session")
    def calibration(self) -> Judge:
        """A lab's training seed, calibrated thresholds and verdicts (:mod:`.judge`)."""
        return self.judge

    @pytest.fixture(scope="session")
    def support(self) -> ModuleType:
        if self.support_module is None:
            raise RuntimeError("this assignment has no support.py")
        return self.support_module

    @pytest.fixture(autouse=True)
    def _autograder_seed(self, request: pytest.FixtureRequest) -> Iterator[None]:
        seed = zlib.crc32(request.node.nodeid.encode())
        random.seed(seed)
        np.random.seed(seed % 2**32)
        torch.manual_seed(seed)
        if self.session is not None:
            self.session.begin_test(seed)
        yield

    # -- outcomes --------------------------------------------------------------------------
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self._start[item.nodeid] = time.perf_counter()
        # Before fixtures run: a module-scoped training fixture is set up inside its first test.
        self.judge.current_test = _name(item)
        if self.session is not None:
            self.session.current_test = _name(item)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        """The test's body (not its fixtures): where a stub ends the test at its first call."""
        if self.session is not None:
            self.session.in_test_body = True
        try:
            return (yield)
        finally:
            if self.session is not None:
                self.session.in_test_body = False

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, Any, Any]:
        report = yield
        if call.when == "call" or (call.when == "setup" and report.outcome != "passed"):
            self.outcomes.append(self._outcome(item, call, report))
        return report

    def _meta(self, item: pytest.Item) -> TestOutcome:
        points_mark = item.get_closest_marker("points")
        vis_mark = item.get_closest_marker("visibility")
        path = Path(str(item.path))
        in_hidden = self.hidden_dir is not None and self.hidden_dir in path.parents
        fn = getattr(item, "function", None)
        doc = " ".join((getattr(fn, "__doc__", None) or "").split())
        return TestOutcome(
            name=_name(item),
            nodeid=item.nodeid,
            points=float(points_mark.args[0]) if points_mark else 0.0,
            visibility=str(vis_mark.args[0])
            if vis_mark
            else ("hidden" if in_hidden else "visible"),
            doc=doc,
            public=not in_hidden,
        )

    def _outcome(
        self, item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport
    ) -> TestOutcome:
        out = self._meta(item)
        out.passed = report.outcome == "passed"
        out.seconds = time.perf_counter() - self._start.get(item.nodeid, time.perf_counter())
        out.metrics = dict(self.judge.recorded.get(out.name, {}))
        if self.session is not None:
            out.trainings = [asdict(t) for t in self.session.trainings if t.test == out.name]
        if report.outcome == "skipped":
            out.message = "skipped: " + (
                str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
            )
        excinfo = call.excinfo
        if excinfo is not None and not out.passed:
            exc = excinfo.value
            student = _find_student_error(exc)
            if student is not None:
                out.student_error = str(student) + (
                    f"\n\n{student.student_traceback}" if student.student_traceback else ""
                )
                out.not_answered = student.not_answered
                out.message = str(student)
            else:
                out.message = _clean_message(excinfo.exconly())
            notes = [str(n) for n in getattr(exc, "__notes__", None) or []]
            out.example = "\n".join(
                _example_lines(n) for n in notes if n.startswith(("Falsifying", "Failing"))
            )
        return out


_FIXTURE_ARGS = re.compile(
    r"^\s*(student|reference|support|calibration)=(student|reference|support|calibration|<[^>]*>),\n",
    re.M,
)


def _example_lines(note: str) -> str:
    """Hypothesis's note without the fixture arguments (they say nothing to a student)."""
    return _FIXTURE_ARGS.sub("", note)


def _name(item: pytest.Item) -> str:
    return item.name.split("[")[0] if "[" in item.name else item.name


def _find_student_error(exc: BaseException) -> StudentError | None:
    """The StudentError behind ``exc`` (directly, chained, or inside a group from hypothesis)."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, StudentError):
            return e
        if isinstance(e, BaseExceptionGroup):
            stack.extend(e.exceptions)
        for nxt in (e.__cause__, e.__context__):
            if nxt is not None:
                stack.append(nxt)
    return None


def _clean_message(text: str) -> str:
    text = text.strip()
    for prefix in ("AssertionError: ", "E   "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text[:4000]
