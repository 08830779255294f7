"""Runs on the trusted side: one submission's cells through a warm runner server (one per
grading thread), and what every submission of an assignment is graded against.

Each run is its own trusted runner process (:mod:`autograder.engine.runner`), forked by this
thread's warm server (:mod:`autograder.engine.warm`); ``AUTOGRADER_WARM=0`` starts it cold.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import nbformat

from ..course import Assignment
from ..engine.pool import close_servers, pool, start_servers
from ..errors import SystemFailure, UsageError
from ..reports.results import SubmissionResult, make_result
from ..worker.executor import Cell
from .backend import choose_backend
from .submission import Submission, graded_cells, match_cells, parse_notebook

__all__ = [
    "GradeContext",
    "close_servers",
    "grade_cells",
    "grade_submission",
    "make_spec",
    "prepare",
    "run_runner",
    "start_servers",
]


@dataclass
class GradeContext:
    """What every submission of one assignment is graded against."""

    assignment: Assignment
    release_nb: Any
    reference_cells: list[Cell] | None
    backend: dict[str, Any]
    collected: list[dict[str, Any]]
    workdir: Path
    tests: list[str]

    @property
    def support_path(self) -> str | None:
        p = self.assignment.support
        return str(p) if p.is_file() else None


def _read_nb(path: Path, what: str) -> Any:
    if not path.is_file():
        raise UsageError(
            f"{path} is missing: run `autograder release {path.parent.name}` to generate the {what}"
        )
    return nbformat.read(str(path), as_version=4)  # type: ignore[no-untyped-call]


def _run_spec_file(
    spec_path: str, timeout: float, sandbox: dict[str, Any] | None
) -> tuple[int, str]:
    """Run a spec in an idle warm runner server of the batch (started if none is).

    ``AUTOGRADER_WARM=0`` runs a cold interpreter per run instead (same results, slower)."""
    if os.environ.get("AUTOGRADER_WARM") == "0":
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "autograder.engine.runner", spec_path],
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise SystemFailure(f"the grading run took longer than {timeout:g} s") from exc
        return proc.returncode, proc.stderr.decode("utf-8", "replace")[-3000:]
    server = pool.acquire()
    try:
        code = server.run(spec_path, timeout, sandbox)
    except (TimeoutError, EOFError) as exc:
        stderr = server.stderr_text()
        pool.drop(server)
        if isinstance(exc, TimeoutError):
            raise SystemFailure(f"the grading run took longer than {timeout:g} s") from exc
        return -1, stderr
    except BaseException:
        pool.drop(server)  # interrupted mid-run: its state is unknown
        raise
    stderr = server.stderr_text()
    pool.release(server)
    return code, stderr


def run_runner(spec: dict[str, Any], workdir: Path, timeout: float) -> dict[str, Any]:
    """Run one trusted runner process on ``spec``; its JSON record, or a SystemFailure."""
    fd, spec_path = tempfile.mkstemp(prefix="spec-", suffix=".json", dir=workdir)
    out_path = spec_path.replace("spec-", "out-")
    spec = {**spec, "out": out_path}
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(spec, fh)
    try:
        warm = (
            None
            if spec.get("collect_only") or spec.get("floor")
            else {"backend": spec["backend"], "limits": spec["limits"]}
        )
        code, stderr = _run_spec_file(spec_path, timeout, warm)
    finally:
        os.unlink(spec_path)
    if code != 0 or not Path(out_path).is_file():
        raise SystemFailure(f"the trusted runner failed (exit {code}): {stderr}")
    record: dict[str, Any] = json.loads(Path(out_path).read_text(encoding="utf-8"))
    os.unlink(out_path)
    if record.get("pytest_exit") not in (0, 1, 5):
        raise SystemFailure(
            f"pytest could not run the tests (exit {record.get('pytest_exit')}):\n{record.get('pytest_log', '')}"
        )
    return record


def prepare(
    assignment: Assignment,
    sandbox: str,
    workdir: Path,
    hide: list[Path],
    *,
    unconfined: bool = False,
    trusted: bool = False,
    jobs: int = 1,
) -> GradeContext:
    """Load the release and solution, choose the backend, and collect the tests once.

    The ``jobs`` warm servers the batch will grade with start first, in the background: the
    collection runs in the first one ready, the others are ready by the time it is done."""
    start_servers(max(jobs, 1))
    release_nb = _read_nb(assignment.release_notebook, "student release")
    solution_nb = _read_nb(assignment.solution_notebook, "solution notebook")
    tests = [str(p) for p in (assignment.public_tests, assignment.hidden_tests) if p.is_dir()]
    if not tests:
        raise UsageError(f"{assignment.dir}: no tests/public or tests/hidden folder")
    backend = choose_backend(
        sandbox,
        [assignment.dir, assignment.root / "solutions", workdir, *hide],
        unconfined=unconfined,
        trusted=trusted,
    )
    ctx = GradeContext(
        assignment, release_nb, graded_cells(solution_nb), backend, [], workdir, tests
    )
    record = run_runner(make_spec(ctx, [], collect_only=True), workdir, timeout=300)
    ctx.collected = record["collected"]
    return ctx


def make_spec(
    ctx: GradeContext,
    cells: list[Cell],
    *,
    collect_only: bool = False,
    only: list[str] | None = None,
    verdict_only: bool = False,
    with_reference: bool = True,
    calibration_seed: int = 0,
    calibrating: bool = False,
) -> dict[str, Any]:
    a = ctx.assignment
    return {
        "cells": [[c.id, c.role, c.source] for c in cells],
        "tests": ctx.tests,
        "reference_cells": [[c.id, c.role, c.source] for c in ctx.reference_cells]
        if with_reference and ctx.reference_cells is not None
        else None,
        "support_path": ctx.support_path,
        "hidden_dir": str(a.hidden_tests),
        "rootdir": str(a.dir / "tests"),
        "only": only,
        "verdict_only": verdict_only,
        "collect_only": collect_only,
        "limits": asdict(a.limits),
        "backend": ctx.backend,
        "assignment": a.id,
        "metrics": {name: asdict(m) for name, m in a.metrics.items()},
        "calibration_seed": calibration_seed,
        "calibrating": calibrating,
    }


def grade_cells(
    ctx: GradeContext,
    cells: list[Cell],
    *,
    only: list[str] | None = None,
    verdict_only: bool = False,
    calibration_seed: int = 0,
    calibrating: bool = False,
) -> dict[str, Any]:
    """Grade an already-matched list of cells (used by grade, check, validate and calibrate).

    ``verdict_only``: a known-wrong implementation whose failing tests need no smallest
    counterexample (validate); never for a submission."""
    lim = ctx.assignment.limits
    per_test = (lim.call_seconds + 5) * 2 + (lim.train_seconds if ctx.assignment.metrics else 0)
    budget = lim.cell_seconds + 60 + max(len(ctx.collected), 1) * per_test + 600
    spec = make_spec(
        ctx,
        cells,
        only=only,
        verdict_only=verdict_only,
        calibration_seed=calibration_seed,
        calibrating=calibrating,
    )
    return run_runner(spec, ctx.workdir, timeout=budget)


def grade_submission(ctx: GradeContext, sub: Submission) -> SubmissionResult:
    """One submission from bytes to result; never raises for anything the student did."""
    a = ctx.assignment
    late = bool(a.due and sub.submitted_at and sub.submitted_at > a.due)
    when = sub.submitted_at.isoformat() if sub.submitted_at else None
    nb, problem = parse_notebook(sub.data)
    if nb is None:
        assert problem is not None
        return make_result(
            sub.student, ctx.collected, None, ungraded=problem.message, late=late, submitted_at=when
        )
    matched = match_cells(ctx.release_nb, nb)
    problems = [asdict(p) for p in matched.problems]
    try:
        record = grade_cells(ctx, matched.cells)
    except SystemFailure as exc:
        return make_result(
            sub.student,
            ctx.collected,
            None,
            problems=problems,
            system_error=str(exc),
            late=late,
            submitted_at=when,
        )
    return make_result(
        sub.student, ctx.collected, record, problems=problems, late=late, submitted_at=when
    )
