"""The fixed cost of a batch: what `autograder grade` pays once, whatever the number of submissions.

Grades the peers' tiny assignment (`benchmarks/peers.py`) at N = 1, 10 and 40 submissions, fits
``wall = fixed + N * per_submission`` on the two largest sizes, and prints where the fixed part
goes, from the ``phases`` that `grade` records in `summary.json`: preparing the batch (backend,
warm servers, collecting the tests), grading, the class files (report, gradebook, exports), and
the command around them (interpreter start, imports, printing the gradebook, stopping servers).

    python benchmarks/batch_fixed_cost.py [--sandbox process|docker] [--sizes 1 10 40] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from peers import ASSIGNMENT, build_course, codes, fill


def grade(
    course: Path, subs: Path, out: Path, sandbox: str, jobs: int
) -> tuple[float, dict[str, float]]:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "autograder", "--course", str(course), "grade", ASSIGNMENT, str(subs),
           "--out", str(out), "--sandbox", sandbox, "--jobs", str(jobs), "--force"]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    summary = json.loads((out / "summary.json").read_text())
    scores = {p.parent.name: json.loads(p.read_text())["score"] for p in out.glob("*/results.json")}
    for student, _ in codes(len(scores)):
        want = 2.0 if int(student[-3:]) % 2 == 0 else None
        if want is not None and scores[student] != want:
            raise SystemExit(f"{student} scored {scores[student]}, expected full marks")
        if want is None and scores[student] >= 2.0:
            raise SystemExit(f"{student} (a wrong answer) scored full marks")
    phases = dict(summary["phases"])
    phases["command"] = wall - sum(phases.values())
    return wall, phases


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 40])
    p.add_argument("--sandbox", default="process")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--repeats", type=int, default=2, help="runs per size; the fastest is kept")
    p.add_argument(
        "--work", type=Path, default=Path.home() / ".cache" / "genmodels-peers" / "fixed-cost"
    )
    args = p.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    course = build_course(args.work)
    released = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    order = ["command", "prepare", "grading", "class_files"]
    print(f"sandbox {args.sandbox}, {args.jobs} jobs, best of {args.repeats}")
    print(f"{'N':>4s} {'wall s':>7s} {'s each':>7s}  " + "  ".join(f"{k:>11s}" for k in order))
    rows = []
    for n in args.sizes:
        subs = args.work / f"subs-{n}"
        shutil.rmtree(subs, ignore_errors=True)
        for student, code in codes(n):
            fill(released, subs / f"{student}.ipynb", code)
        best = min(
            (
                grade(course, subs, args.work / "out", args.sandbox, args.jobs)
                for _ in range(args.repeats)
            ),
            key=lambda r: r[0],
        )
        rows.append((n, best[0]))
        print(
            f"{n:4d} {best[0]:7.2f} {best[0] / n:7.3f}  "
            + "  ".join(f"{best[1].get(k, 0.0):11.2f}" for k in order),
            flush=True,
        )
    (n0, w0), (n1, w1) = rows[-2], rows[-1]
    per = (w1 - w0) / (n1 - n0)
    print(f"fit on N = {n0}, {n1}: wall = {w0 - n0 * per:.2f} s fixed + N x {per:.3f} s")


if __name__ == "__main__":
    main()
