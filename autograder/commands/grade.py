"""``autograder grade``: a batch of submissions through the sandbox, results and gradebook out.

Submissions stream through ``--jobs`` grading threads (:mod:`autograder.commands.runs`), each of
which holds at most one sandbox alive; cached results are reused. A submission that cannot be
read, crashes, loops or floods is graded as such and the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..course import load_assignment
from ..errors import UsageError
from ..reports.cache import ResultCache, assignment_fingerprint
from ..reports.outputs import write_class_files, write_student, write_summary
from ..reports.report import load_plotting
from ..reports.results import SubmissionResult, is_due_passed
from .backend import remove_batch_containers
from .runs import GradeContext, close_servers, grade_submission, prepare
from .submission import Submission, discover

__all__ = ["run_grade"]


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


def _locally(
    ctx: GradeContext, todo: list[Submission], jobs: int
) -> Iterator[tuple[Submission, SubmissionResult]]:
    """``--jobs`` grading threads on this machine, each with its warm server."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(grade_submission, ctx, s): s for s in todo}
        try:
            for fut in as_completed(futures):
                yield futures[fut], fut.result()
        except (KeyboardInterrupt, GeneratorExit):
            # Stop the runners first, so the pool's shutdown does not wait for their runs.
            close_servers()
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _on_cluster(
    address: str, ctx: GradeContext, todo: list[Submission], sandbox: str, unconfined: bool
) -> Iterator[tuple[Submission, SubmissionResult]]:
    """The same grading as tasks on a Dask cluster (:mod:`autograder.commands.cluster`)."""
    from .cluster import ClusterGrader

    grader = ClusterGrader(address, ctx.assignment, sandbox, unconfined=unconfined)
    try:
        yield from grader.grade(todo, ctx.collected)
    finally:
        grader.close()


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
    cluster: str | None = None,
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
            jobs=1 if cluster else jobs,
        )
        prepared = time.perf_counter()
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
            write_student(out, hit, assignment.title, due_passed)
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
        threading.Thread(target=load_plotting, daemon=True).start()
        with progress:
            task = progress.add_task("grade", total=len(todo))
            graded = (
                _on_cluster(cluster, ctx, todo, sandbox, unconfined)
                if cluster
                else _locally(ctx, todo, jobs)
            )
            for sub, r in graded:
                cache.put(sub.data, r)
                write_student(out, r, assignment.title, due_passed)
                results.append(r)
                if on_result:
                    on_result(r)
                progress.advance(task)
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
        write_class_files(out, results, ctx.collected, summary, assignment.title)
        # Where the batch's time went (the command's own start-up is not counted).
        summary["phases"] = {
            "prepare": round(prepared - start, 2),
            "grading": round(start + wall - prepared, 2),
            "class_files": round(time.perf_counter() - start - wall, 2),
        }
        write_summary(out, summary)
    finally:
        close_servers()
        remove_batch_containers(ctx.backend if "ctx" in locals() else None)
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
        f"in {wall:.1f} s ({f'on the cluster {cluster}' if cluster else f'{jobs} job(s)'}); "
        f"{summary['ungraded']} could not be read, "
        f"{summary['system_failures']} grader failure(s)."
    )
    for n in notes:
        console.print(f"[yellow]note:[/] {escape(n)}", soft_wrap=True)
    console.print(
        f"feedback: {out}/<student>/feedback.html\nclass report: {out / 'report.html'}",
        soft_wrap=True,
    )
    return 0
