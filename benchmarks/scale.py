"""How grading time grows with submissions and with tests per assignment, and where memory goes.

Uses the peers' tiny assignment of `benchmarks/peers.py` (built there, in our format) and
variants of it with more hidden tests (the 20-check MultivariateNormal test repeated k times).
For each run it prints wall time and seconds per submission; it fits
``wall = fixed + N * per_submission`` on the measured sizes and extrapolates. While grading, it
samples the process tree every 0.1 s and reports the peak RSS and PSS (proportional set size:
pages shared copy-on-write with the warm parent are divided among the processes that share them)
of the warm server, of a forked trusted run and of a sandbox worker.

    python benchmarks/scale.py                         # N = 10, 100, 300; k = 2, 10, 50 tests
    python benchmarks/scale.py --sizes 10 100 --tests 2 10
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from peers import ASSIGNMENT, HIDDEN_TEST, build_course, codes, fill


def with_tests(course: Path, k: int) -> None:
    """Give the assignment k tests in all (1 public + k - 1 hidden) and re-release it."""
    hidden = course / "assignments" / ASSIGNMENT / "tests" / "hidden" / "test_hidden.py"
    body = HIDDEN_TEST[HIDDEN_TEST.index("@points") :]
    copies = [
        body.replace("test_matches_multivariate_normal", f"test_repeat_{i}") for i in range(k - 2)
    ]
    hidden.write_text(HIDDEN_TEST + "\n\n" + "\n\n".join(copies), encoding="utf-8")
    toml = course / "assignments" / ASSIGNMENT / "assignment.toml"
    toml.write_text(
        f'title = "Scale benchmark"\ntotal_points = {k}\nbudget_seconds = 600\n', encoding="utf-8"
    )
    subprocess.run(
        [sys.executable, "-m", "autograder", "--course", str(course), "release", ASSIGNMENT],
        check=True,
        capture_output=True,
    )


def _mem(pid: int) -> tuple[int, int]:
    """(rss, pss) in kB."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


class Sampler(threading.Thread):
    """Peak memory per role: warm server, forked trusted run, sandbox worker."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak: dict[str, tuple[int, int]] = {}
        self.stop = threading.Event()

    def _note(self, role: str, pid: int) -> None:
        rss, pss = _mem(pid)
        old = self.peak.get(role, (0, 0))
        self.peak[role] = (max(old[0], rss), max(old[1], pss))

    def run(self) -> None:
        while not self.stop.is_set():
            self._note("grade (batch process)", self.root)
            for server in _children(self.root):
                try:
                    cmd = Path(f"/proc/{server}/cmdline").read_bytes()
                except OSError:
                    continue
                if b"autograder.engine.warm" not in cmd:
                    continue
                self._note("warm server (one per job)", server)
                for run in _children(server):
                    self._note("forked trusted run", run)
                    for relay in _children(run):  # relay -> init (PID 1 inside) -> worker
                        self._note("sandbox relay and init", relay)
                        for init in _children(relay):
                            self._note("sandbox relay and init", init)
                            for worker in _children(init):
                                self._note("sandbox worker (fork)", worker)
            time.sleep(0.1)


def grade(
    course: Path, subs: Path, out: Path, jobs: int
) -> tuple[float, dict[str, tuple[int, int]]]:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "autograder", "--course", str(course), "grade", ASSIGNMENT, str(subs),
           "--out", str(out), "--sandbox", "process", "--jobs", str(jobs), "--force"]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = Sampler(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.stop.set()
    if proc.returncode != 0:
        raise SystemExit(err.decode()[-2000:])
    return wall, sampler.peak


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 300])
    p.add_argument("--tests", type=int, nargs="+", default=[2, 10, 50])
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument(
        "--work", type=Path, default=Path.home() / ".cache" / "genmodels-peers" / "scale"
    )
    args = p.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    course = build_course(args.work)
    released = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    peaks: dict[str, tuple[int, int]] = {}
    print(f"{'tests':>5s} {'N':>5s} {'wall s':>8s} {'s/submission':>13s}")
    for k in args.tests:
        with_tests(course, k)
        rows = []
        for n in args.sizes:
            subs = args.work / f"subs-{n}"
            if not subs.is_dir():
                for student, code in codes(n):
                    fill(released, subs / f"{student}.ipynb", code)
            wall, peak = grade(course, subs, args.work / "out", args.jobs)
            for role, (rss, pss) in peak.items():
                old = peaks.get(role, (0, 0))
                peaks[role] = (max(old[0], rss), max(old[1], pss))
            rows.append((n, wall))
            print(f"{k:5d} {n:5d} {wall:8.1f} {wall / n:13.3f}", flush=True)
        if len(rows) >= 2:
            (n0, w0), (n1, w1) = rows[0], rows[-1]
            per = (w1 - w0) / (n1 - n0)
            fixed = w0 - n0 * per
            print(
                f"      fit: wall = {fixed:.1f} s + N x {per:.3f} s  "
                f"(predicts {fixed + 1000 * per:.0f} s for 1000 submissions)"
            )
    print(f"\npeak memory per process ({args.jobs} jobs, process sandbox):")
    for role, (rss, pss) in peaks.items():
        print(f"  {role:28s} RSS {rss / 1024:7.0f} MB   PSS {pss / 1024:7.0f} MB")


if __name__ == "__main__":
    main()
