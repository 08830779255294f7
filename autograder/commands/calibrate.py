"""``autograder calibrate LAB``: train the reference on several seeds and store the thresholds.

The solution is graded through the sandbox exactly as a submission is, once per calibration
seed (the ``calibration.seed`` its training fixtures pass on), with verdicts off: each trained
check only records its metric. Per metric, the worst value over the seeds, loosened by the
declared margin, becomes the threshold in ``tests/hidden/calibration.toml``
(:mod:`autograder.calibration`).
"""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ..calibration import CalibratedMetric, calibrate_metric, dump_calibration
from ..course import Assignment
from ..errors import AuthorError, UsageError
from .runs import close_servers, grade_cells, prepare

__all__ = ["calibrate_assignment", "run_calibrate"]


def _metrics_by_seed(
    a: Assignment, records: dict[int, dict[str, Any]]
) -> dict[str, dict[int, float]]:
    values: dict[str, dict[int, float]] = {}
    for seed, rec in records.items():
        for t in rec["tests"]:
            for name, v in t.get("metrics", {}).items():
                values.setdefault(name, {})[seed] = float(v)
    missing = []
    for name in a.metrics:
        absent = [s for s in records if s not in values.get(name, {})]
        if absent:
            failed = sorted(
                {
                    f"{t['name']}: {(t.get('student_error') or t.get('message') or '').splitlines()[0][:160]}"
                    for s in absent
                    for t in records[s]["tests"]
                    if not t["passed"]
                }
            )
            missing.append(
                f"metric {name} was not recorded with seed(s) {absent}"
                + (f" (failed: {'; '.join(failed)})" if failed else " (no test records it)")
            )
    undeclared = sorted(set(values) - set(a.metrics))
    if missing or undeclared:
        raise AuthorError(
            "; ".join(missing + [f"metric {n} is recorded but not declared" for n in undeclared]),
            path=a.dir / "assignment.toml",
            fix="declare every metric in [metrics.NAME] and make the solution's trained checks run",
        )
    return values


def calibrate_assignment(
    a: Assignment, *, sandbox: str, jobs: int, seeds: int
) -> tuple[list[CalibratedMetric], dict[int, dict[str, Any]]]:
    """Grade the solution once per seed; the calibrated metrics and the raw records."""
    if not a.metrics:
        raise UsageError(
            f"{a.id} declares no [metrics] in assignment.toml: there is nothing to calibrate"
        )
    workdir = Path(tempfile.mkdtemp(prefix="ag-calibrate-"))
    try:
        ctx = prepare(a, sandbox, workdir, hide=[], trusted=True)
        solution = ctx.reference_cells or []
        # Only the trained checks record metrics: the unit tests need not run five times.
        only = [t["name"] for t in ctx.collected if t.get("calibrated")] or None
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {
                seed: pool.submit(
                    grade_cells, ctx, solution, only=only, calibration_seed=seed, calibrating=True
                )
                for seed in range(seeds)
            }
            records = {seed: f.result() for seed, f in futures.items()}
    finally:
        close_servers()
        shutil.rmtree(workdir, ignore_errors=True)
    values = _metrics_by_seed(a, records)
    return [calibrate_metric(a.metrics[n], values[n]) for n in sorted(values)], records


def run_calibrate(a: Assignment, *, sandbox: str, jobs: int, seeds: int, console: Console) -> int:
    """The command: calibrate, write ``calibration.toml``, print what was measured."""
    console.print(f"calibrating {a.id} on seeds 0..{seeds - 1} ...")
    metrics, records = calibrate_assignment(a, sandbox=sandbox, jobs=jobs, seeds=seeds)
    a.calibration_file.parent.mkdir(parents=True, exist_ok=True)
    a.calibration_file.write_text(dump_calibration(a.id, metrics), encoding="utf-8")
    table = Table(title=f"calibration of {a.id}")
    for col in ("metric", "better", *(f"seed {s}" for s in range(seeds)), "worst", "margin"):
        table.add_column(col)
    table.add_column("threshold")
    table.add_column("baseline")
    for m in metrics:
        spec = a.metrics[m.name]
        table.add_row(
            m.name,
            m.better,
            *(f"{v:.4g}" for v in m.values),
            f"{m.worst:.4g}",
            f"{m.margin:g}",
            f"{m.threshold:.4g}",
            "-" if spec.baseline is None else f"{spec.baseline:g}",
        )
    console.print(table)
    for seed, rec in sorted(records.items()):
        calls = ", ".join(
            f"{t['label']} {t['seconds']:.1f} s ({t['status']})" for t in rec.get("trainings", [])
        )
        console.print(f"seed {seed}: {calls or 'no training call'}")
    console.print(f"wrote {a.calibration_file}")
    return 0
