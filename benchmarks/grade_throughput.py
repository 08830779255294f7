"""Grading throughput: N copies of an assignment's solution through `autograder grade`, against the floor.

The floor is the same hidden + public tests run by pytest in one trusted process against the
solution itself (no sandbox, no RPC, no worker start-up): what grading would cost if student
code could be trusted. Prints seconds per submission and the overhead over the floor.

    python benchmarks/grade_throughput.py --assignment hw03_flows --copies 20 --jobs 2 [--sandbox process]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.commands.runs import make_spec, prepare, run_runner
from autograder.course import find_course_root, load_assignment


def floor_seconds(root: Path, assignment_id: str, repeats: int) -> float:
    """Median wall time of one in-process pytest run of the suite against the solution."""
    a = load_assignment(root, assignment_id)
    work = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    try:
        ctx = prepare(a, "process", work, hide=[])
        times = []
        for _ in range(repeats):
            spec = {**make_spec(ctx, ctx.reference_cells or []), "floor": True}
            start = time.perf_counter()
            rec = run_runner(spec, work, timeout=600)
            times.append(time.perf_counter() - start)
            if not all(t["passed"] for t in rec["tests"]):
                raise SystemExit("the floor run failed: the solution must pass its own tests")
        return sorted(times)[len(times) // 2]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--assignment", default="hw03_flows")
    p.add_argument("--copies", type=int, default=20)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--sandbox", default="process")
    args = p.parse_args()
    root = find_course_root()
    solution = root / "solutions" / args.assignment / f"{args.assignment}.ipynb"
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        subs = Path(tmp) / "subs"
        subs.mkdir()
        for i in range(args.copies):
            shutil.copy(solution, subs / f"student{i:03d}.ipynb")
        out = Path(tmp) / "out"
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "autograder",
                "grade",
                args.assignment,
                str(subs),
                "--out",
                str(out),
                "--jobs",
                str(args.jobs),
                "--sandbox",
                args.sandbox,
            ],
            check=True,
            capture_output=True,
        )
        wall = time.perf_counter() - start
        scores = {json.loads(f.read_text())["score"] for f in out.glob("*/results.json")}
        summary = json.loads((out / "summary.json").read_text())
    floor = floor_seconds(root, args.assignment, 3)
    per = wall / args.copies
    # With --jobs J, J submissions share the machine: the floor's cost per submission on J cores.
    floor_per = floor / args.jobs
    print(f"assignment            {args.assignment}")
    print(f"submissions           {args.copies} (scores seen: {sorted(scores)})")
    print(f"sandbox / jobs        {summary['sandbox']} / {args.jobs}")
    print(f"grade wall time       {wall:.1f} s  ({per:.2f} s per submission)")
    print(
        f"floor (in-process)    {floor:.2f} s per run  ({floor_per:.2f} s per submission at {args.jobs} jobs)"
    )
    print(f"overhead over floor   {per - floor_per:.2f} s per submission")


if __name__ == "__main__":
    main()
