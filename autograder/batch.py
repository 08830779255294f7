"""``autograder grade``: a batch of submissions through the sandbox, results and gradebook out.

Each submission is graded by its own trusted runner process (:mod:`autograder.runner`), at
most ``--jobs`` at a time, each of which holds at most one sandbox alive. A submission that
cannot be read, crashes, loops or floods is graded as such and the batch goes on.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import nbformat
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .cache import ResultCache, assignment_fingerprint
from .course import Assignment, load_assignment
from .errors import SandboxUnavailable, SystemFailure, UsageError
from .executor import Cell
from .feedback import render_markdown
from .html import render_feedback_html, render_report_html
from .report import build_report, plots
from .results import SubmissionResult, gradescope_json, is_due_passed, make_result
from .submission import Submission, discover, graded_cells, match_cells, parse_notebook
from .warm import RunnerServer

__all__ = [
    "GradeContext",
    "choose_backend",
    "grade_cells",
    "prepare",
    "run_grade",
    "write_gradebook",
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


def choose_backend(
    kind: str, hide: list[Path], *, unconfined: bool = False, trusted: bool = False
) -> dict[str, Any]:
    """The backend config for ``--sandbox``: docker when asked (or available for ``auto``),
    else the process sandbox, confined (see :func:`process_backend`)."""
    if kind in ("docker", "auto"):
        try:
            from .image import IMAGE_NAME, image_status

            status = image_status()
        except (ImportError, SandboxUnavailable) as exc:
            if kind == "docker":
                raise SandboxUnavailable(str(exc)) from exc
            status = "missing"
        else:
            if status == "ready":
                # Every container of this batch carries its id, so all can be removed at the end.
                return {"kind": "docker", "image": IMAGE_NAME, "batch": uuid.uuid4().hex[:12]}
            if kind == "docker":
                raise SandboxUnavailable(
                    f"the grading image {IMAGE_NAME} is {status}: run `autograder image build` "
                    "(offline: grading_env/make_base_image.sh first)"
                )
    return process_backend(hide, unconfined=unconfined, trusted=trusted)


def process_backend(hide: list[Path], *, unconfined: bool, trusted: bool) -> dict[str, Any]:
    """The process sandbox's config: confined as root, or in a user namespace without root.

    Where neither is possible, students' code is refused (the worker would see the machine's
    files) unless ``unconfined`` is asked for; ``trusted`` runs (the course's own solutions and
    mutants in ``validate``, a student's own notebook in ``check``) fall back to it with a note.
    ``AUTOGRADER_PROCESS_CONFINE=userns`` takes the user-namespace path as root too (tests).
    """
    from .sandbox.process import confinement_problem

    cfg: dict[str, Any] = {"kind": "process", "hide": [str(p) for p in hide]}
    if unconfined:
        return {**cfg, "confine": "none"}
    why = confinement_problem()
    if why is None:
        forced = os.environ.get("AUTOGRADER_PROCESS_CONFINE")
        mode = forced if forced in ("root", "userns") else None
        return {**cfg, "confine": mode or ("root" if os.geteuid() == 0 else "userns")}
    if trusted:
        return {**cfg, "confine": "none"}
    raise SandboxUnavailable(
        "the process sandbox cannot confine students' code on this machine: the grader is not "
        f"root and the kernel refuses an unprivileged user namespace ({why}). Grade with "
        "`--sandbox docker`, run the grader as root, or pass `--unconfined` for your own trusted "
        "code only (the code could then read and write whatever your user can)"
    )


def _remove_batch_containers(backend: dict[str, Any] | None) -> None:
    """Remove whatever containers of this batch are left (after an interrupt, a lost runner)."""
    if backend and backend.get("kind") == "docker" and backend.get("batch"):
        from .sandbox.docker import LABEL, remove_containers

        remove_containers(f"{LABEL}={backend['batch']}")


def _read_nb(path: Path, what: str) -> Any:
    if not path.is_file():
        raise UsageError(
            f"{path} is missing: run `autograder release {path.parent.name}` to generate the {what}"
        )
    return nbformat.read(str(path), as_version=4)  # type: ignore[no-untyped-call]


_local = threading.local()
_servers: list[RunnerServer] = []
_servers_lock = threading.Lock()


def _run_spec_file(
    spec_path: str, timeout: float, sandbox: dict[str, Any] | None
) -> tuple[int, str]:
    """Run a spec in this thread's warm runner server (started on first use, replaced if lost).

    ``AUTOGRADER_WARM=0`` runs a cold interpreter per run instead (same results, slower)."""
    if os.environ.get("AUTOGRADER_WARM") == "0":
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "autograder.runner", spec_path],
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise SystemFailure(f"the grading run took longer than {timeout:g} s") from exc
        return proc.returncode, proc.stderr.decode("utf-8", "replace")[-3000:]
    server: RunnerServer | None = getattr(_local, "server", None)
    if server is None or not server.alive():
        server = RunnerServer()
        _local.server = server
        with _servers_lock:
            _servers.append(server)
    try:
        return server.run(spec_path, timeout, sandbox), server.stderr_text()
    except (TimeoutError, EOFError) as exc:
        server.close()
        _local.server = None
        if isinstance(exc, TimeoutError):
            raise SystemFailure(f"the grading run took longer than {timeout:g} s") from exc
        return -1, server.stderr_text()


def close_servers() -> None:
    """Stop every warm runner server (end of a batch, or interrupt)."""
    with _servers_lock:
        for s in _servers:
            s.close()
        _servers.clear()


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
) -> GradeContext:
    """Load the release and solution, choose the backend, and collect the tests once."""
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
    record = run_runner(_spec(ctx, [], collect_only=True), workdir, timeout=300)
    ctx.collected = record["collected"]
    return ctx


def _spec(
    ctx: GradeContext,
    cells: list[Cell],
    *,
    collect_only: bool = False,
    only: list[str] | None = None,
    with_reference: bool = True,
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
        "collect_only": collect_only,
        "limits": asdict(a.limits),
        "backend": ctx.backend,
    }


def grade_cells(
    ctx: GradeContext, cells: list[Cell], *, only: list[str] | None = None
) -> dict[str, Any]:
    """Grade an already-matched list of cells (used by grade, check and validate)."""
    lim = ctx.assignment.limits
    budget = lim.cell_seconds + 60 + max(len(ctx.collected), 1) * (lim.call_seconds + 5) * 2 + 600
    return run_runner(_spec(ctx, cells, only=only), ctx.workdir, timeout=budget)


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


def _write_student(out: Path, r: SubmissionResult, title: str, due_passed: bool) -> None:
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


def _summary_line(r: SubmissionResult) -> str:
    if r.system_error:
        return "grader failure (see feedback)"
    if r.ungraded:
        return r.ungraded.split(";")[0][:70]
    bits = []
    if r.problems:
        bits.append(r.problems[0]["message"][:60])
    if r.cell_errors:
        bits.append(f"cell error: {r.cell_errors[0]['error_kind']}")
    if r.crashes:
        bits.append(r.crashes[0][:70])
    failed = sum(1 for t in r.tests if not t.get("passed"))
    bits.append(f"{failed} test(s) failed" if failed else "all tests passed")
    return "; ".join(bits)


def run_grade(
    root: Path,
    assignment_id: str,
    submissions: Path,
    out: Path,
    *,
    sandbox: str,
    jobs: int,
    console: Console,
    force: bool = False,
    unconfined: bool = False,
    on_result: Callable[[SubmissionResult], None] | None = None,
) -> int:
    """The ``grade`` command. Exit 0 however the students scored."""
    assignment = load_assignment(root, assignment_id)
    subs = discover(submissions, assignment_id)
    if not subs:
        raise UsageError(f"no .ipynb submissions found in {submissions}")
    out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="ag-work-"))
    os.chmod(workdir, 0o700)
    start = time.perf_counter()
    try:
        ctx = prepare(
            assignment,
            sandbox,
            workdir,
            hide=[submissions.resolve(), out.resolve()],
            unconfined=unconfined,
        )
        due_passed = is_due_passed(assignment.due)
        cache = ResultCache(out, assignment_fingerprint(assignment, ctx.backend))
        results: list[SubmissionResult] = []
        todo: list[Submission] = []
        for sub in subs:
            hit = None if force else cache.get(sub.data)
            if hit is None:
                todo.append(sub)
                continue
            hit.student = sub.student
            hit.late = bool(
                assignment.due and sub.submitted_at and sub.submitted_at > assignment.due
            )
            _write_student(out, hit, assignment.title, due_passed)
            results.append(hit)
        reused = len(results)
        progress = Progress(
            TextColumn("grading"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        with progress, ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            task = progress.add_task("grade", total=len(todo))
            futures = {pool.submit(grade_submission, ctx, s): s for s in todo}
            try:
                for fut in as_completed(futures):
                    r = fut.result()
                    cache.put(futures[fut].data, r)
                    _write_student(out, r, assignment.title, due_passed)
                    results.append(r)
                    if on_result:
                        on_result(r)
                    progress.advance(task)
            except KeyboardInterrupt:
                # Stop the runners first, so the pool's shutdown does not wait for their runs.
                close_servers()
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        write_gradebook(out / "gradebook.csv", results, ctx.collected)
        write_lms_csv(out / "grades_lms.csv", results, assignment.title)
        wall = time.perf_counter() - start
        backend = ctx.backend["kind"]
        notes = sorted({n for r in results for n in r.notes})
        summary = {
            "assignment": assignment_id,
            "sandbox": backend,
            "notes": notes,
            "submissions": len(results),
            "reused": reused,
            "graded_now": len(todo),
            "graded": sum(1 for r in results if not r.ungraded and not r.system_error),
            "ungraded": sum(1 for r in results if r.ungraded),
            "system_failures": sum(1 for r in results if r.system_error),
            "wall_seconds": round(wall, 2),
            "seconds_per_submission": round(wall / max(len(todo), 1), 2),
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        report = build_report(results, ctx.collected, summary)
        (out / "report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        html = render_report_html(report, plots(report), title=assignment.title)
        (out / "report.html").write_text(html, encoding="utf-8")
    finally:
        close_servers()
        _remove_batch_containers(ctx.backend if "ctx" in locals() else None)
        shutil.rmtree(workdir, ignore_errors=True)
    table = Table(title=f"{assignment.title}: gradebook ({out / 'gradebook.csv'})")
    table.add_column("student")
    table.add_column("score", justify="right")
    table.add_column("notes")
    for r in sorted(results, key=lambda r: r.student):
        table.add_row(escape(r.student), f"{r.score:g} / {r.max_score:g}", escape(_summary_line(r)))
    console.print(table)
    console.print(
        f"{len(results)} submission(s): {reused} reused, {len(todo)} graded with the [bold]{backend}[/] sandbox "
        f"in {wall:.1f} s ({jobs} job(s)); {summary['ungraded']} could not be read, "
        f"{summary['system_failures']} grader failure(s)."
    )
    for n in notes:
        console.print(f"[yellow]note:[/] {escape(n)}", soft_wrap=True)
    console.print(
        f"feedback: {out}/<student>/feedback.html\nclass report: {out / 'report.html'}",
        soft_wrap=True,
    )
    return 0
