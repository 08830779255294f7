"""What confining a process worker costs: start-to-ready time of one worker, per mode and path.

A worker is ready when it has answered its first request (loading an empty notebook). Modes:
``none`` (``--unconfined``: rlimits only), ``root`` (namespaces, the allow-list root, own uid) and
``userns`` (the same inside a user namespace, the path of a grader without root). Paths:
``warm`` (forked from this process, which has imported torch, as the warm trusted run does) and
``cold`` (a fresh interpreter that imports what the worker needs).

    python benchmarks/sandbox_start.py [--repeats 10]
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch  # noqa: F401 - the warm parent has imported torch, as the trusted run has

from autograder.course import Limits
from autograder.engine.proxy import SandboxSession
from autograder.sandbox.process import ProcessBackend


def start_seconds(mode: str, warm: bool, repeats: int) -> list[float]:
    backend = ProcessBackend(confine=mode)
    limits = Limits()
    times = []
    for _ in range(repeats):
        session = SandboxSession(backend, [], None, limits)
        start = time.perf_counter()
        if warm:
            session.adopt(backend.fork_spawn(limits))
        session.ensure()
        times.append(time.perf_counter() - start)
        session.stop()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=10)
    args = ap.parse_args()
    print(f"{'mode':8} {'path':5} {'median ms':>10} {'min ms':>8} {'max ms':>8}")
    for mode in ("none", "root", "userns"):
        for warm in (True, False):
            t = start_seconds(mode, warm, args.repeats)
            print(
                f"{mode:8} {'warm' if warm else 'cold':5} {1000 * statistics.median(t):10.1f} "
                f"{1000 * min(t):8.1f} {1000 * max(t):8.1f}"
            )


if __name__ == "__main__":
    main()
