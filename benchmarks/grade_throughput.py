"""Grading throughput on a real homework: one class through `autograder grade` on each sandbox,
side by side with the floor.

The class (``--copies`` submissions, each a distinct file) is mostly copies of the solution with
the assignment's example submissions mixed in (``examples/submissions/<id>/``): every
``--example-every``-th submission is an example, in turn, except the examples whose name says
``infinite_loop``, which come once in ``--loop-every`` (each costs its timeouts). Every sandbox
grades the same files; the script fails unless every copy of one source scores the same, on every
sandbox.

The floor is the same hidden + public tests run by pytest in one trusted process against the
solution itself (no sandbox, no RPC, no worker start-up): what grading would cost if student code
could be trusted. It runs ``--jobs`` at a time, as the batch does, so that its cost per
submission carries the same sharing of the machine (two runs on two cores are not twice as fast
as one). The floor per submission is for the solution; examples that stop early are
cheaper and loops dearer, so the overhead column is exact only for an all-solution class
(``--example-every 0``).

    python benchmarks/grade_throughput.py --assignment hw03_flows --copies 300 --jobs 2 \
        [--sandbox process docker] [--example-every 5] [--loop-every 60]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from autograder.commands.runs import close_servers, make_spec, prepare, run_runner, start_servers
from autograder.course import find_course_root, load_assignment
from autograder.engine.pool import pool


def floor_seconds(root: Path, assignment_id: str, repeats: int, jobs: int) -> tuple[float, float]:
    """The floor: in-process pytest runs of the suite against the solution, ``jobs`` at a time
    (as a batch shares the machine). Returns (median seconds of one run, wall seconds per
    submission with ``jobs`` runs in parallel)."""
    a = load_assignment(root, assignment_id)
    work = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    times: list[float] = []
    failed: list[str] = []

    def runs(n: int = repeats) -> None:
        for _ in range(n):
            spec = {**make_spec(ctx, ctx.reference_cells or []), "floor": True}
            start = time.perf_counter()
            rec = run_runner(spec, work, timeout=600)
            times.append(time.perf_counter() - start)
            failed.extend(t["name"] for t in rec["tests"] if not t["passed"])

    try:
        ctx = prepare(a, "process", work, hide=[])
        start_servers(jobs)
        runs(1)  # one warm-up run, not timed
        pool.wait_started()  # every server up before the clock starts
        times.clear()
        start = time.perf_counter()
        threads = [threading.Thread(target=runs) for _ in range(jobs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        if failed:
            raise SystemExit(f"the floor run failed {failed}: the solution must pass its own tests")
        return sorted(times)[len(times) // 2], wall / (jobs * repeats)
    finally:
        close_servers()
        shutil.rmtree(work, ignore_errors=True)


def machine_seconds() -> float:
    """A fixed CPU workload (pure Python), to compare runs made on different days: this
    machine's speed has been seen to vary by 2-3x from one day to the next."""
    start = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i
    return time.perf_counter() - start


def make_class(
    root: Path, assignment_id: str, n: int, example_every: int, loop_every: int, into: Path
) -> dict[str, str]:
    """Write n distinct submissions; {student: the source it is a copy of}."""
    solution = root / "solutions" / assignment_id / f"{assignment_id}.ipynb"
    examples = sorted((root / "examples" / "submissions" / assignment_id).glob("*.ipynb"))
    loops = [e for e in examples if "infinite_loop" in e.stem]
    others = [e for e in examples if e not in loops]
    into.mkdir(parents=True)
    source: dict[str, str] = {}
    k = 0
    for i in range(n):
        src = solution
        if loops and loop_every and i % loop_every == loop_every - 1:
            src = loops[(i // loop_every) % len(loops)]
        elif others and example_every and i % example_every == example_every - 1:
            src, k = others[k % len(others)], k + 1
        nb = json.loads(src.read_text(encoding="utf-8"))
        nb.setdefault("metadata", {})["benchmark_copy"] = i  # distinct bytes: no cache hit
        student = f"s{i:03d}_{src.stem}"
        (into / f"{student}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        source[student] = "solution" if src == solution else src.stem
    return source


def grade(
    assignment_id: str, subs: Path, out: Path, sandbox: str, jobs: int
) -> tuple[float, dict[str, float], str]:
    cmd = [sys.executable, "-m", "autograder", "grade", assignment_id, str(subs), "--out", str(out),
           "--jobs", str(jobs), "--sandbox", sandbox, "--force"]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"grade --sandbox {sandbox} failed:\n{proc.stderr[-3000:]}")
    scores = {f.parent.name: json.loads(f.read_text())["score"] for f in out.glob("*/results.json")}
    return wall, scores, json.loads((out / "summary.json").read_text())["sandbox"]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--assignment", default="hw03_flows")
    p.add_argument("--copies", type=int, default=20)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--sandbox", nargs="+", default=["process", "docker"])
    p.add_argument("--example-every", type=int, default=5, help="0: solution copies only")
    p.add_argument("--loop-every", type=int, default=60)
    args = p.parse_args()
    root = find_course_root()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        subs = Path(tmp) / "subs"
        source = make_class(
            root, args.assignment, args.copies, args.example_every, args.loop_every, subs
        )
        mix: dict[str, int] = {}
        for s in source.values():
            mix[s] = mix.get(s, 0) + 1
        rows = []
        by_source: dict[str, set[float]] = {}
        for sandbox in args.sandbox:
            wall, scores, kind = grade(
                args.assignment, subs, Path(tmp) / f"out-{sandbox}", sandbox, args.jobs
            )
            if set(scores) != set(source):
                raise SystemExit(
                    f"{sandbox}: results for {len(scores)} of {len(source)} submissions"
                )
            for student, score in scores.items():
                by_source.setdefault(source[student], set()).add(score)
            rows.append((kind, wall))
        unstable = {s: sorted(v) for s, v in by_source.items() if len(v) > 1}
        if unstable:
            raise SystemExit(f"copies of one source scored differently: {unstable}")
        floor, floor_per = floor_seconds(root, args.assignment, 3, args.jobs)
        machine = machine_seconds()
    print(f"assignment   {args.assignment}, {args.copies} submissions, --jobs {args.jobs}")
    print("class        " + ", ".join(f"{s} x{c}" for s, c in sorted(mix.items())))
    print("scores       " + ", ".join(f"{s} {min(v):g}" for s, v in sorted(by_source.items())))
    print(f"{'':14s}{'wall':>9s} {'s/submission':>13s} {'vs process':>11s} {'over floor':>11s}")
    base = rows[0][1]
    for kind, wall in rows:
        print(
            f"{kind:14s}{wall:8.1f}s {wall / args.copies:13.3f} {wall / base:10.2f}x "
            f"{wall / args.copies - floor_per:10.3f}s"
        )
    print(
        f"{'floor':14s}{floor_per * args.copies:8.1f}s {floor_per:13.3f}  (in-process runs of the "
        f"solution, {args.jobs} at a time; one run {floor:.2f} s)"
    )
    print(f"machine       {machine:.2f} s for a 5M-iteration Python loop (compare days by it)")


if __name__ == "__main__":
    main()
