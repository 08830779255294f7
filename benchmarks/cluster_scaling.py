"""Grading on a Dask cluster: seconds per submission on 1 and on 2 workers of one thread each.

    python benchmarks/cluster_scaling.py [--n 100] [--assignment hw03_flows] [--lab-seconds S]

Builds N distinct submissions from the hw03 examples (each gets its own trailing comment, so no
cache hit), starts a LocalCluster of real worker processes on 127.0.0.1 (``threads_per_worker=1``),
grades them with ``autograder grade --cluster`` (process sandbox, ``--force``), and prints the wall
time, seconds per submission and the 1 -> 2 worker scaling ratio. ``--lab-seconds`` (a measured
per-submission time of a lab, e.g. from ``autograder grade lab2_digits_diffusion``) projects the
wall time of 1,000 such submissions on 20 workers from the measured scaling efficiency.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from distributed import LocalCluster

from autograder.cli import main as cli_main

REPO = Path(__file__).resolve().parents[1]


def make_submissions(assignment: str, n: int, into: Path) -> Path:
    examples = sorted((REPO / "examples" / "submissions" / assignment).glob("*.ipynb"))
    into.mkdir(parents=True)
    for i in range(n):
        src = examples[i % len(examples)]
        nb = json.loads(src.read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        src_lines = code[-1]["source"]
        code[-1]["source"] = (
            "".join(src_lines) if isinstance(src_lines, list) else src_lines
        ) + f"\n# copy {i}\n"
        (into / f"{src.stem}_{i:03d}.ipynb").write_text(json.dumps(nb))
    return into


def grade_on(workers: int, assignment: str, subs: Path, out: Path) -> float:
    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        memory_limit=0,
    ) as cluster:
        # Warm-up outside the clock: each worker unpacks the bundle and starts its warm server.
        warm = subs.parent / f"warm{workers}"
        warm.mkdir()
        for p in sorted(subs.glob("*.ipynb"))[:workers]:
            shutil.copy(p, warm / p.name)
        args = ["grade", assignment, "--sandbox", "process", "--cluster", cluster.scheduler_address]
        assert cli_main([*args[:2], str(warm), "--out", str(out / "warm"), *args[2:]]) == 0
        start = time.perf_counter()
        code = cli_main([*args[:2], str(subs), "--out", str(out / "run"), "--force", *args[2:]])
        wall = time.perf_counter() - start
        assert code == 0
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--assignment", default="hw03_flows")
    ap.add_argument("--lab-seconds", type=float, default=None)
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="ag-cluster-bench-"))
    try:
        subs = make_submissions(args.assignment, args.n, base / "subs")
        walls = {w: grade_on(w, args.assignment, subs, base / f"out{w}") for w in (1, 2)}
    finally:
        shutil.rmtree(base, ignore_errors=True)
    for w, wall in walls.items():
        print(f"{w} worker(s): {args.n} submissions in {wall:.1f} s = {wall / args.n:.3f} s each")
    ratio = walls[1] / walls[2]
    print(f"scaling 1 -> 2 workers: {ratio:.2f}x (efficiency {ratio / 2:.0%})")
    if args.lab_seconds:
        eff = ratio / 2
        projected = 1000 * args.lab_seconds / (20 * eff)
        print(
            f"projection: 1,000 lab submissions of {args.lab_seconds:g} s on 20 workers at "
            f"{eff:.0%} efficiency = {projected / 60:.1f} min"
        )


if __name__ == "__main__":
    main()
