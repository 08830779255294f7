"""The batch's warm runner servers: started together before the tests are collected, shared by
the grading threads, replaced when one is lost, and none left behind."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder.commands.runs import close_servers, grade_cells, prepare, start_servers
from autograder.course import load_assignment
from autograder.engine.pool import pool


def _warm_children() -> list[int]:
    """Our child processes that are warm servers."""
    me = os.getpid()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmd = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == me and b"autograder.engine.warm" in cmd:
            found.append(int(proc.name))
    return sorted(found)


def test_prepare_starts_the_jobs_servers_and_threads_share_them(
    tiny_course: Path, tmp_path: Path
) -> None:
    ctx = prepare(load_assignment(tiny_course, "tiny"), "process", tmp_path, hide=[], jobs=2)
    assert ctx.reference_cells
    try:
        pool.wait_started()
        started = pool.pids()
        assert len(started) == 2, "prepare(jobs=2) starts two servers"
        with ThreadPoolExecutor(2) as threads:
            records = list(
                threads.map(lambda _: grade_cells(ctx, ctx.reference_cells or []), range(4))
            )
        assert all(all(t["passed"] for t in r["tests"]) for r in records)
        assert pool.pids() == started, "four runs on two threads start no third server"
        assert _warm_children() == started
    finally:
        close_servers()
    assert pool.pids() == []
    assert _wait_gone(started)


def test_a_lost_server_is_replaced(tiny_course: Path, tmp_path: Path) -> None:
    ctx = prepare(load_assignment(tiny_course, "tiny"), "process", tmp_path, hide=[], jobs=1)
    assert ctx.reference_cells
    try:
        pool.wait_started()
        (first,) = pool.pids()
        os.kill(first, signal.SIGKILL)
        _wait_dead(first)
        record = grade_cells(ctx, ctx.reference_cells)
        assert all(t["passed"] for t in record["tests"])
        (second,) = pool.pids()
        assert second != first
    finally:
        close_servers()


def test_closing_while_servers_start_leaves_none_behind() -> None:
    start_servers(2)
    close_servers()  # the two are still importing torch
    pool.wait_started()
    assert pool.pids() == []
    assert _wait_gone(_warm_children()) and _warm_children() == []


def _wait_dead(pid: int) -> None:
    """Until the process is a zombie (dead, not yet reaped by its Popen)."""
    stat = Path(f"/proc/{pid}/stat")
    while stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z":
        time.sleep(0.01)


def _wait_gone(pids: list[int], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{p}").exists() for p in pids):
            return True
        time.sleep(0.05)
    return False
