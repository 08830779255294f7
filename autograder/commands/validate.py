"""``autograder validate``: the CI gate proving each assignment's tests are right.

For each assignment: release/ and solutions/ are fresh; nothing secret leaks into release/;
the solution scores full marks through the real sandbox; the untouched student notebook scores
zero with every test failing cleanly as "not answered yet"; every mutant loses points and
fails each test its ``# must-fail:`` header names; trivial implementations (a constant NaN,
zeros or random values of the right shape, the first argument returned) score zero
(:mod:`autograder.commands.trivial`); grading is deterministic; the hidden suite runs within the
assignment's time budget; and the points add up.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..calibration import parse_calibration, stale_metrics
from ..course import Assignment, list_assignments, load_assignment
from ..errors import AuthorError, SystemFailure
from ..reports.results import make_result
from ..worker.executor import Cell
from .contract import CONTRACT_FILE, contract_problems, read_contract
from .runs import GradeContext, close_servers, grade_cells, prepare
from .static_checks import fresh_problem, leak_problems
from .submission import graded_cells
from .trivial import KINDS, graded_names, trivial_cell, trivial_problems

__all__ = ["AssignmentReport", "Mutant", "parse_mutant", "run_validate", "validate_assignment"]

_MUST_FAIL = re.compile(r"^#\s*must-fail:\s*(.+)$", re.M)


@dataclass(frozen=True)
class Mutant:
    """A known-wrong implementation and the tests that must reject it."""

    name: str
    source: str
    must_fail: tuple[str, ...]


def parse_mutant(path: Path) -> Mutant:
    """Read ``mutants/<name>.py``; its header must name the tests that must fail."""
    source = path.read_text(encoding="utf-8")
    found = _MUST_FAIL.search(source)
    if not found:
        raise AuthorError(
            "mutant has no `# must-fail:` header",
            path=path,
            fix="add `# must-fail: test_a, test_b` as its first line",
        )
    names = tuple(n.strip() for n in found.group(1).split(",") if n.strip())
    return Mutant(path.stem, source, names)


@dataclass
class AssignmentReport:
    """One row of the table, with a reason for every failed check."""

    id: str
    checks: dict[str, str] = field(default_factory=dict)  # check -> "ok" | short text
    failures: list[str] = field(default_factory=list)
    mutants_caught: int = 0
    mutants_total: int = 0
    seconds: float = 0.0

    def fail(self, check: str, short: str, detail: str) -> None:
        self.checks[check] = short
        self.failures.append(f"{self.id} [{check}]: {detail}")

    @property
    def ok(self) -> bool:
        return not self.failures


def _failed(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in record["tests"] if not t["passed"]]


def _describe(t: dict[str, Any]) -> str:
    return f"{t['name']}: {(t.get('student_error') or t.get('message') or 'failed').splitlines()[0][:200]}"


def validate_assignment(a: Assignment, *, sandbox: str, jobs: int) -> AssignmentReport:
    """Every check of one assignment; never raises for a check that fails."""
    rep = AssignmentReport(a.id)
    start = time.perf_counter()
    stale = fresh_problem(a)
    if stale is None:
        rep.checks["fresh"] = "ok"
    else:
        rep.fail("fresh", *stale)
    leaks = leak_problems(a)
    if leaks:
        rep.fail("leaks", f"{len(leaks)} leak(s)", "; ".join(leaks))
    else:
        rep.checks["leaks"] = "ok"
    workdir = Path(tempfile.mkdtemp(prefix="ag-validate-"))
    try:
        ctx = prepare(a, sandbox, workdir, hide=[], trusted=True, jobs=jobs)
        _grade_all(a, ctx, rep, jobs)
    except (SystemFailure, AuthorError) as exc:
        rep.fail("solution", "error", str(exc))
    finally:
        close_servers()
        shutil.rmtree(workdir, ignore_errors=True)
    rep.seconds = time.perf_counter() - start
    return rep


def _grade_all(a: Assignment, ctx: GradeContext, rep: AssignmentReport, jobs: int) -> None:
    collected = ctx.collected
    # Points are sane.
    zero = [t["name"] for t in collected if t["points"] <= 0]
    total = sum(t["points"] for t in collected)
    if zero:
        rep.fail(
            "points", f"{len(zero)} without points", "tests without @points: " + ", ".join(zero)
        )
    elif a.total_points is not None and abs(total - a.total_points) > 1e-9:
        rep.fail(
            "points",
            f"{total:g} != {a.total_points:g}",
            f"tests sum to {total:g} points, assignment.toml says {a.total_points:g}",
        )
    else:
        rep.checks["points"] = f"{total:g}"

    solution = ctx.reference_cells or []
    stub = graded_cells(ctx.release_nb)
    mutants: list[Mutant] = []
    if a.mutants.is_dir():
        for p in sorted(a.mutants.glob("*.py")):
            try:
                mutants.append(parse_mutant(p))
            except AuthorError as exc:
                rep.fail("mutants", "bad header", str(exc))
    names = {t["name"] for t in collected}
    jobs_list: list[tuple[str, list[Cell], list[str] | None]] = [
        ("solution", solution, None),
        ("solution-again", solution, None),
        ("stub", stub, None),
    ]
    graded = graded_names(solution)
    for kind in KINDS if graded else ():
        jobs_list.append((f"trivial:{kind}", [*solution, trivial_cell(kind, graded)], None))
    for m in mutants:
        unknown = [n for n in m.must_fail if n not in names]
        if unknown:
            rep.fail(
                "mutants",
                "unknown test",
                f"mutant {m.name} names tests that do not exist: {', '.join(unknown)}",
            )
        jobs_list.append(
            (
                f"mutant:{m.name}",
                [*solution, Cell(f"mutant-{m.name}", "answer", m.source)],
                [n for n in m.must_fail if n in names] or None,
            )
        )
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {
            label: pool.submit(grade_cells, ctx, cells, only=only, verdict_only=wrong)
            for label, cells, only in jobs_list
            for wrong in [not label.startswith("solution")]  # no shrinking: only the verdict
        }
        records: dict[str, dict[str, Any] | Exception] = {}
        for label, fut in futures.items():
            try:
                raw = fut.result()
            except SystemFailure as exc:
                records[label] = exc
                continue
            # One entry per test name (parametrized cases merged), only the tests that ran.
            ran = {t["name"] for t in raw["tests"]}
            merged = make_result(label, [t for t in collected if t["name"] in ran], raw)
            records[label] = {**raw, "tests": merged.tests}

    sol = records["solution"]
    if isinstance(sol, Exception):
        rep.fail("solution", "error", str(sol))
        return
    failed = _failed(sol)
    if failed or sol.get("reference_errors"):
        rep.fail(
            "solution",
            f"{len(failed)} failed",
            "the solution fails: "
            + "; ".join([_describe(t) for t in failed] + list(sol.get("reference_errors", []))),
        )
    else:
        rep.checks["solution"] = (
            f"{sum(t['points'] for t in sol['tests']):g}/{sum(t['points'] for t in collected):g}"
        )
    pytest_seconds = sum(t["seconds"] for t in sol["tests"])
    rep.checks["budget"] = f"{pytest_seconds:.1f}s"
    if pytest_seconds > a.budget_seconds:
        rep.fail(
            "budget",
            f"{pytest_seconds:.0f}s > {a.budget_seconds:g}s",
            f"the test suite took {pytest_seconds:.1f} s on the solution; the budget is {a.budget_seconds:g} s",
        )

    again = records["solution-again"]
    if isinstance(again, Exception):
        rep.fail("deterministic", "error", str(again))
    else:
        # A lab's metrics too: the same seed must train the same model, to the last bit.
        key = [
            (t["name"], t["passed"], t["message"], t["example"], t.get("metrics"))
            for t in sol["tests"]
        ]
        key2 = [
            (t["name"], t["passed"], t["message"], t["example"], t.get("metrics"))
            for t in again["tests"]
        ]
        if key != key2:
            diff = [f"{x[0]}" for x, y in zip(key, key2, strict=False) if x != y]
            rep.fail(
                "deterministic",
                "differs",
                "grading the solution twice differs in: " + ", ".join(diff),
            )
        else:
            rep.checks["deterministic"] = "ok"

    st = records["stub"]
    if isinstance(st, Exception):
        rep.fail("stub", "error", str(st))
    else:
        passed = [t["name"] for t in st["tests"] if t["passed"] and t["points"] > 0]
        unclean = [_describe(t) for t in _failed(st) if not t["not_answered"]]
        problems = []
        if passed:
            problems.append(
                "passes on the untouched notebook (checks nothing the student writes): "
                + ", ".join(passed)
            )
        if unclean:
            problems.append("fails other than 'not answered yet': " + "; ".join(unclean))
        if st["starts"] > 1 or st["crashes"]:
            problems.append(f"the sandbox restarted {st['starts'] - 1} time(s): {st['crashes']}")
        if problems:
            rep.fail(
                "stub",
                "not zero" if passed else "unclean",
                "untouched notebook: " + " | ".join(problems),
            )
        else:
            rep.checks["stub"] = "0 ok"

    _trivial(a, records, names, rep, bool(graded))
    _calibrated(a, sol, rep)

    rep.mutants_total = len(mutants)
    for m in mutants:
        rec = records[f"mutant:{m.name}"]
        if isinstance(rec, Exception):
            rep.failures.append(f"{a.id} [mutants]: mutant {m.name}: {rec}")
            continue
        survived = [t["name"] for t in rec["tests"] if t["passed"] and t["name"] in m.must_fail]
        lost = sum(t["points"] for t in rec["tests"] if not t["passed"])
        if survived or lost <= 0:
            rep.failures.append(
                f"{a.id} [mutants]: mutant {m.name} survives: "
                + (
                    f"tests that should fail but pass: {', '.join(survived)}"
                    if survived
                    else "it loses no points"
                )
            )
        else:
            rep.mutants_caught += 1
    rep.checks["mutants"] = f"{rep.mutants_caught}/{rep.mutants_total}"
    _contract(a, names, mutants, rep)


def _contract(a: Assignment, names: set[str], mutants: list[Mutant], rep: AssignmentReport) -> None:
    """Every stated sentence has a test and a mutant that fails it (:mod:`.contract`)."""
    path = a.hidden_tests / CONTRACT_FILE
    if not path.is_file():
        rep.fail("contract", "missing", f"{path}: write one row per stated sentence (README)")
        return
    try:
        rows = read_contract(path)
    except AuthorError as exc:
        rep.fail("contract", "unreadable", str(exc))
        return
    problems = contract_problems(rows, names, {m.name: m.must_fail for m in mutants})
    if problems:
        rep.fail("contract", f"{len(problems)} problem(s)", "; ".join(problems))
    else:
        rep.checks["contract"] = f"{len(rows)} rows"


def _calibrated(a: Assignment, sol: dict[str, Any], rep: AssignmentReport) -> None:
    """A lab's stored thresholds still describe its reference (seed 0, as graded)."""
    recorded = {n: v for t in sol["tests"] for n, v in (t.get("metrics") or {}).items()}
    if not a.metrics and not recorded:
        return
    stored = {}
    if a.calibration_file.is_file():
        stored = parse_calibration(tomllib.loads(a.calibration_file.read_text(encoding="utf-8")))
    problems = stale_metrics(a.metrics, stored, recorded, seed=0)
    if problems:
        rep.fail("calibrated", f"{len(problems)} problem(s)", "; ".join(problems))
    else:
        rep.checks["calibrated"] = f"{len(recorded)} ok"


def _trivial(
    a: Assignment,
    records: dict[str, dict[str, Any] | Exception],
    names: set[str],
    rep: AssignmentReport,
    any_graded: bool,
) -> None:
    problems = trivial_problems(a.trivial_allowed, records, names, any_graded)
    if problems:
        rep.fail("trivial", "not zero", "trivial implementations: " + "; ".join(problems))
    else:
        rep.checks["trivial"] = f"{len(KINDS)}x0 ok"


def run_validate(
    root: Path,
    ids: list[str],
    *,
    sandbox: str,
    jobs: int,
    mutation_score: bool,
    console: Console,
    mutation_limit: int = 40,
    mutation_min: float = 97.5,
) -> int:
    """The ``validate`` command: a table, the reasons, exit 1 if anything failed."""
    targets = ids or list_assignments(root)
    reports = []
    for aid in targets:
        a = load_assignment(root, aid)
        console.print(f"validating {aid} ...")
        reports.append(validate_assignment(a, sandbox=sandbox, jobs=jobs))
    cols = [
        "fresh",
        "leaks",
        "points",
        "solution",
        "stub",
        "trivial",
        "mutants",
        "contract",
        "deterministic",
        "calibrated",
        "budget",
    ]
    table = Table(title="autograder validate")
    table.add_column("assignment")
    for c in cols:
        table.add_column(c)
    table.add_column("seconds", justify="right")
    for r in reports:
        cells = []
        for c in cols:
            v = r.checks.get(c, "-")
            bad = any(f"[{c}]" in f for f in r.failures)
            cells.append(f"[red]{v}[/]" if bad else f"[green]{v}[/]")
        table.add_row(r.id, *cells, f"{r.seconds:.1f}")
    console.print(table)
    for r in reports:
        for f in r.failures:
            console.print(f"[red]✗[/] {escape(f)}", highlight=False, soft_wrap=True)
    ok = all(r.ok for r in reports)
    if mutation_score:
        from .mutation import mutation_gate

        ok = (
            mutation_gate(
                [load_assignment(root, aid) for aid in targets],
                sandbox=sandbox,
                jobs=jobs,
                console=console,
                limit=mutation_limit,
                minimum=mutation_min,
            )
            and ok
        )
    return 0 if ok else 1
