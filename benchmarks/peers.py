"""Side by side: our `grade` against nbgrader `autograde` and otter `otter run`, on the peers' tiny assignment.

The assignment is `../shared/benchmarks/peers/` (one answer `linear_flow_logprob(x, A, b)`, a visible
shape test and a hidden test of 20 random checks against torch's MultivariateNormal). This script

1. writes it in our format (a course folder with `assignments/peers_hw/`) and releases it;
2. builds N submissions for every tool from that tool's own student notebook, half of them right
   (`x @ A.T`) and half wrong (`x @ A`);
3. times, in one run on this machine: our `autograder grade` (process and docker sandboxes,
   `--jobs`), nbgrader `autograde` and otter `otter run` (one call per submission, as its docs
   show for local grading); each peer lives in a venv of its own, created here on first use
   (`pip install nbgrader|otter-grader numpy torch==2.13.0`), and is skipped with the reason
   printed when it cannot be installed;
4. checks every tool scored the right submissions full and the wrong ones not (a benchmark of a
   grader that grades wrong proves nothing), and prints seconds per submission and the ratios;
5. prints the floor: the same tests run in-process by pytest against the solution, no sandbox.

    python benchmarks/peers.py                      # 10 and 100 submissions, every tool
    python benchmarks/peers.py --sizes 10 --peers   # ours only, 10 submissions
    python benchmarks/peers.py --peer-sizes 10      # peers at 10 only (they take ~5 s each)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from grade_throughput import floor_seconds

REPO = Path(__file__).resolve().parents[1]
PEERS = REPO.parent / "shared" / "benchmarks" / "peers"
ASSIGNMENT = "peers_hw"

RIGHT = """def linear_flow_logprob(x, A, b):
    z = x @ A.T + b
    return (-0.5 * z**2 - 0.5*math.log(2*math.pi)).sum(-1) + torch.linalg.slogdet(A)[1]
"""
WRONG = RIGHT.replace("x @ A.T", "x @ A")

SOURCE_MD = r"""# HW: a linear flow

A linear flow maps data to latents by $z = x A^\top + b$; with a standard normal base,
$\log p(x) = \log \mathcal N(z; 0, I) + \log\lvert\det A\rvert$. Rows are samples; float64 in, float64 out.
"""

SOLUTION = """def linear_flow_logprob(x, A, b):
    ### BEGIN SOLUTION
    z = x @ A.T + b
    return (-0.5 * z**2 - 0.5*math.log(2*math.pi)).sum(-1) + torch.linalg.slogdet(A)[1]
    ### END SOLUTION
"""

PUBLIC_TEST = '''import torch

from autograder.testing import points, visibility


@points(1)
@visibility("visible")
def test_shape(student):
    """linear_flow_logprob returns one log-density per row: shape (B,)."""
    x = torch.randn(5, 3, dtype=torch.float64)
    A = torch.randn(3, 3, dtype=torch.float64)
    b = torch.randn(3, dtype=torch.float64)
    assert tuple(student.linear_flow_logprob(x, A, b).shape) == (5,)
'''

HIDDEN_TEST = '''import torch
from torch.distributions import MultivariateNormal

from autograder.testing import points, visibility


@points(1)
@visibility("hidden")
def test_matches_multivariate_normal(student):
    """log p(x) equals log N(x; -A^-1 b, (A^T A)^-1) (20 random A, b, x)."""
    for _ in range(20):
        A = torch.randn(3, 3, dtype=torch.float64)
        b = torch.randn(3, dtype=torch.float64)
        x = torch.randn(7, 3, dtype=torch.float64)
        ref = MultivariateNormal(-torch.linalg.solve(A, b), precision_matrix=A.T @ A).log_prob(x)
        assert torch.allclose(student.linear_flow_logprob(x, A, b), ref)
'''


def sh(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)  # type: ignore[call-overload,no-any-return]


def fill(nb_path: Path, dest: Path, code: str) -> None:
    """Copy a student notebook with the answer cell replaced by ``code``."""
    nb = nbformat.read(nb_path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and "def linear_flow_logprob" in c.source]
    if len(cells) != 1:
        raise SystemExit(f"{nb_path}: expected one answer cell, found {len(cells)}")
    cells[0].source = code
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest)


def codes(n: int) -> list[tuple[str, str]]:
    """(student, code): half right, half wrong, interleaved."""
    return [(f"student{i:03d}", RIGHT if i % 2 == 0 else WRONG) for i in range(n)]


# -- ours ------------------------------------------------------------------------------------------
def build_course(work: Path) -> Path:
    course = work / "course"
    a = course / "assignments" / ASSIGNMENT
    if course.exists():
        shutil.rmtree(course)
    (a / "tests" / "public").mkdir(parents=True)
    (a / "tests" / "hidden").mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    setup = nbformat.v4.new_code_cell("import numpy as np\nimport torch\nimport math")
    setup.metadata["tags"] = ["setup"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(SOURCE_MD),
        setup,
        nbformat.v4.new_code_cell(SOLUTION),
    ]
    nbformat.write(nb, a / f"{ASSIGNMENT}.ipynb")
    (a / "assignment.toml").write_text(
        'title = "Peers benchmark: a linear flow"\ntotal_points = 2\nbudget_seconds = 60\n',
        encoding="utf-8",
    )
    (a / "tests" / "public" / "test_public.py").write_text(PUBLIC_TEST, encoding="utf-8")
    (a / "tests" / "hidden" / "test_hidden.py").write_text(HIDDEN_TEST, encoding="utf-8")
    sh([sys.executable, "-m", "autograder", "--course", str(course), "release", ASSIGNMENT])
    return course


def ours(
    course: Path, work: Path, n: int, sandbox: str, jobs: int
) -> tuple[float, dict[str, float]]:
    subs = work / f"ours-subs-{n}"
    shutil.rmtree(subs, ignore_errors=True)
    released = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for student, code in codes(n):
        fill(released, subs / f"{student}.ipynb", code)
    out = work / f"ours-out-{n}-{sandbox}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "autograder", "--course", str(course), "grade", ASSIGNMENT, str(subs),
           "--out", str(out), "--sandbox", sandbox, "--jobs", str(jobs), "--force"]  # fmt: skip
    start = time.perf_counter()
    sh(cmd)
    wall = time.perf_counter() - start
    scores = {p.parent.name: json.loads(p.read_text())["score"] for p in out.glob("*/results.json")}
    return wall, scores


# -- peers -----------------------------------------------------------------------------------------
def venv(work: Path, name: str, package: str) -> Path | str:
    """The peer's venv (created on first use); its bin folder, or why it could not be made."""
    env = work / f"venv-{name}"
    ok = env / ".installed"
    if ok.is_file():
        return env / "bin"
    shutil.rmtree(env, ignore_errors=True)
    try:
        sh([sys.executable, "-m", "venv", str(env)])
        pip = [str(env / "bin" / "python"), "-m", "pip", "install", "-q"]
        sh([*pip, package, "numpy", "torch==2.13.0", "ipykernel"], timeout=1800)
        sh([str(env / "bin" / "python"), "-m", "ipykernel", "install", "--sys-prefix"])
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        err = getattr(exc, "stderr", "") or ""
        return f"{package} could not be installed: {str(err).strip().splitlines()[-1:] or exc}"
    ok.write_text("ok\n")
    return env / "bin"


def peer_env(bin_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env["VIRTUAL_ENV"] = str(bin_dir.parent)
    env.pop("PYTHONPATH", None)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    return env


def nbgrader(bin_dir: Path, work: Path, n: int) -> tuple[float, dict[str, float]]:
    env = peer_env(bin_dir)
    course = work / f"nbgrader-{n}"
    shutil.rmtree(course, ignore_errors=True)
    (course / "source" / "hw").mkdir(parents=True)
    shutil.copy(PEERS / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copy(PEERS / "nbgrader_source_hw.ipynb", course / "source" / "hw" / "hw.ipynb")
    sh([str(bin_dir / "nbgrader"), "generate_assignment", "hw", "--force"], cwd=course, env=env)
    for student, code in codes(n):
        fill(
            course / "release" / "hw" / "hw.ipynb",
            course / "submitted" / student / "hw" / "hw.ipynb",
            code,
        )
    start = time.perf_counter()
    sh([str(bin_dir / "nbgrader"), "autograde", "hw", "--force"], cwd=course, env=env)
    wall = time.perf_counter() - start
    scores = {}
    for student, _ in codes(n):
        nb = nbformat.read(course / "autograded" / student / "hw" / "hw.ipynb", as_version=4)
        # nbgrader marks a failed test cell by an error output; its points are all or nothing.
        failed = any(
            o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", [])
        )
        scores[student] = 0.0 if failed else 2.0
    return wall, scores


def otter(bin_dir: Path, work: Path, n: int) -> tuple[float, dict[str, float]]:
    env = peer_env(bin_dir)
    base = work / f"otter-{n}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    shutil.copy(PEERS / "otter_source_hw.ipynb", base / "hw.ipynb")
    sh([str(bin_dir / "otter"), "assign", "hw.ipynb", "dist"], cwd=base, env=env)
    zips = sorted((base / "dist" / "autograder").glob("*.zip"))
    if not zips:
        raise SystemExit("otter assign made no autograder zip")
    for student, code in codes(n):
        fill(base / "dist" / "student" / "hw.ipynb", base / "subs" / f"{student}.ipynb", code)
    scores = {}
    start = time.perf_counter()
    for student, _ in codes(n):
        out = base / "out" / student
        out.mkdir(parents=True)
        sh([str(bin_dir / "otter"), "run", "-a", str(zips[0]), "-o", str(out),
            str(base / "subs" / f"{student}.ipynb")], cwd=base, env=env)  # fmt: skip
        results = json.loads((out / "results.json").read_text())
        scores[student] = float(
            results.get("score") or sum(t.get("score", 0) for t in results["tests"])
        )
    wall = time.perf_counter() - start
    return wall, scores


# -- the run ---------------------------------------------------------------------------------------
def check_scores(tool: str, scores: dict[str, float], n: int) -> str:
    """Right submissions full marks, wrong ones less; the count of those that are not."""
    full = max(scores.values(), default=0.0)
    bad = [
        s for s, code in codes(n)
        if s not in scores or ((code == RIGHT) != (scores[s] == full and full > 0))
    ]  # fmt: skip
    return "ok" if not bad else f"WRONG for {len(bad)} ({', '.join(bad[:3])})"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    p.add_argument(
        "--peer-sizes", type=int, nargs="*", help="sizes for the peers (default: --sizes)"
    )
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--sandboxes", nargs="*", default=["process", "docker"])
    p.add_argument("--peers", nargs="*", default=["nbgrader", "otter"])
    p.add_argument("--work", type=Path, default=Path.home() / ".cache" / "genmodels-peers")
    args = p.parse_args()
    peer_sizes = args.sizes if args.peer_sizes is None else args.peer_sizes
    args.work.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, int, float | None, str]] = []

    course = build_course(args.work)
    for sandbox in args.sandboxes:
        if sandbox == "docker":
            from autograder.errors import SandboxUnavailable
            from autograder.sandbox.image.client import image_status

            try:
                status = image_status()
            except SandboxUnavailable as exc:
                status = str(exc)
            if status != "ready":
                print(f"skip ours/docker: the grading image is {status} (autograder image build)")
                continue
        for n in args.sizes:
            wall, scores = ours(course, args.work, n, sandbox, args.jobs)
            rows.append(
                (
                    f"ours, {sandbox} (--jobs {args.jobs})",
                    n,
                    wall / n,
                    check_scores("ours", scores, n),
                )
            )
            print(
                f"ours/{sandbox:8s} {n:4d} submissions: {wall:7.1f} s  {wall / n:.3f} s each",
                flush=True,
            )

    tools: dict[str, tuple[str, Callable[[Path, Path, int], tuple[float, dict[str, float]]]]] = {
        "nbgrader": ("nbgrader==0.9.6", nbgrader),
        "otter": ("otter-grader==7.0.0", otter),
    }
    for name in args.peers:
        package, run = tools[name]
        bin_dir = venv(args.work, name, package)
        if isinstance(bin_dir, str):
            print(f"skip {name}: {bin_dir}")
            continue
        for n in peer_sizes:
            wall, scores = run(bin_dir, args.work, n)
            label = "nbgrader autograde" if name == "nbgrader" else "otter run (one per submission)"
            rows.append((label, n, wall / n, check_scores(name, scores, n)))
            print(
                f"{name:14s} {n:4d} submissions: {wall:7.1f} s  {wall / n:.3f} s each", flush=True
            )

    floor = floor_seconds(course, ASSIGNMENT, 5)
    print()
    ref = {n: per for label, n, per, _ in rows if label.startswith("nbgrader") and per}
    print(f"{'tool':38s} {'N':>4s} {'s/submission':>12s} {'vs nbgrader':>11s}  scores")
    for label, n, per, ok in rows:
        ratio = f"{ref[n] / per:.1f}x" if n in ref and per else "-"
        print(f"{label:38s} {n:4d} {per:12.3f} {ratio:>11s}  {ok}")
    print(
        f"{'floor: pytest in-process, no sandbox':38s} {'':4s} {floor:12.3f}   (per run, one core)"
    )
    for label, n, per, _ in rows:
        if label.startswith("ours") and per:
            print(
                f"overhead over the floor, {label}, N={n}: {per - floor / args.jobs:.3f} s per submission"
            )
    print(
        f"machine: {os.cpu_count()} cores; peers grade one notebook at a time, ours --jobs {args.jobs}"
    )


if __name__ == "__main__":
    main()
