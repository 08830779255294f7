"""The trusted side of one grading run, in a process of its own: ``python -m autograder.engine.runner SPEC``.

It executes the reference solution (if given) in this process, starts the submission's worker
through a sandbox backend, runs pytest on the assignment's test folders with the
:class:`~autograder.engine.plugin.GradingPlugin`, and writes the outcomes as JSON. One process per
submission keeps submissions apart on the trusted side too (no module or RNG state carries
over) and lets ``--jobs`` run them in parallel.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ..calibration import CALIBRATION_FILE, MetricSpec, parse_calibration
from ..course import Limits
from ..sandbox.base import Backend, Spawned
from ..worker.executor import Cell, execute_cells
from .judge import Judge
from .plugin import GradingPlugin
from .proxy import SandboxSession

__all__ = ["RunSpec", "make_backend", "run_spec"]


@dataclass
class RunSpec:
    """Everything one grading run needs, as plain data (it crosses a process boundary)."""

    cells: list[tuple[str, str, str]]  # the submission's (id, role, source), in execution order
    tests: list[str]  # test files or folders
    out: str  # where the JSON outcome goes
    reference_cells: list[tuple[str, str, str]] | None = None
    support_path: str | None = None
    hidden_dir: str | None = None
    rootdir: str | None = None
    only: list[str] | None = None
    verdict_only: bool = False  # validate's wrong implementations: pass/fail only, no shrinking
    collect_only: bool = False
    floor: bool = (
        False  # benchmarks only: grade the reference in-process (no sandbox), never a submission
    )
    limits: dict[str, Any] = field(default_factory=dict)
    backend: dict[str, Any] = field(default_factory=lambda: {"kind": "process", "hide": []})
    assignment: str = ""
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)  # [metrics.*] of the lab
    calibration_seed: int = 0  # the training seed tests read from `calibration.seed`
    calibrating: bool = False  # `autograder calibrate`: record metrics, judge nothing


def make_backend(cfg: dict[str, Any]) -> Backend:
    """The backend a spec names."""
    kind = cfg.get("kind", "process")
    if kind == "process":
        from ..sandbox.process import ProcessBackend

        return ProcessBackend(
            hide=[Path(p) for p in cfg.get("hide", [])], confine=cfg.get("confine")
        )
    if kind == "docker":
        from ..sandbox.docker import DockerBackend

        return DockerBackend(image=cfg.get("image"), batch=cfg.get("batch"))
    raise ValueError(f"unknown sandbox backend {kind!r}")


def _load_support(path: str | None) -> ModuleType | None:
    if not path or not Path(path).is_file():
        return None
    spec = importlib.util.spec_from_file_location("support", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["support"] = module
    spec.loader.exec_module(module)
    return module


def _judge(spec: RunSpec) -> Judge:
    specs = {name: MetricSpec(**raw) for name, raw in spec.metrics.items()}
    stored_path = Path(spec.hidden_dir) / CALIBRATION_FILE if spec.hidden_dir else None
    stored = (
        parse_calibration(tomllib.loads(stored_path.read_text(encoding="utf-8")))
        if stored_path is not None and stored_path.is_file()
        else {}
    )
    return Judge(
        specs,
        stored,
        seed=spec.calibration_seed,
        calibrating=spec.calibrating,
        assignment=spec.assignment,
    )


def run_spec(
    spec: RunSpec, *, backend: Backend | None = None, prestarted: Spawned | None = None
) -> dict[str, Any]:
    """Grade one implementation; returns the outcome record (also written to ``spec.out``).

    ``backend`` and ``prestarted`` come from a warm server that already forked the worker."""
    start = time.perf_counter()
    support = _load_support(spec.support_path)
    limits = Limits(**spec.limits)
    if backend is None:
        backend = make_backend(spec.backend if not spec.collect_only else {"kind": "process"})
    session = SandboxSession(
        backend,
        [Cell(*c) for c in spec.cells],
        Path(spec.support_path).read_text(encoding="utf-8")
        if spec.support_path and Path(spec.support_path).is_file()
        else None,
        limits,
    )
    if prestarted is not None:
        session.adopt(prestarted)
    elif not spec.collect_only and not spec.floor:
        session.prestart()  # overlaps the worker's `import torch` with the reference below
    reference_ns: dict[str, Any] | None = None
    reference_errors: list[str] = []
    if spec.reference_cells is not None:
        ns, outcomes, _ = execute_cells(
            [Cell(*c) for c in spec.reference_cells], {"support": support} if support else None
        )
        reference_ns = ns
        reference_errors = [f"cell {o.id}: {o.error}" for o in outcomes if not o.ok]
    plugin = GradingPlugin(
        session=session,
        reference_ns=reference_ns,
        support_module=support,
        hidden_dir=Path(spec.hidden_dir).resolve() if spec.hidden_dir else None,
        only=set(spec.only) if spec.only is not None else None,
        verdict_only=spec.verdict_only,
        inprocess_student=spec.floor,
        judge=_judge(spec),
        train_threads=limits.train_threads,
    )
    rootdir = spec.rootdir or str(Path(spec.tests[0]).resolve().parent)
    # Helper modules next to the tests (e.g. tests/hidden/flowcheck.py) import by plain name.
    for folder in reversed(spec.tests):
        if Path(folder).is_dir() and folder not in sys.path:
            sys.path.insert(0, folder)
    with tempfile.TemporaryDirectory(prefix="ag-pytest-") as tmp:
        ini = Path(tmp) / "pytest.ini"
        ini.write_text("[pytest]\n", encoding="utf-8")  # config from us, never from a submission
        args = [
            *spec.tests,
            "-c", str(ini), "--rootdir", rootdir, "--import-mode=importlib",
            "-p", "no:cacheprovider", "-p", "no:randomly", "-p", "no:xdist", "-q", "--no-header",
            # Both end in gc.collect() passes (~0.15 s each with torch loaded) and report
            # nothing a grade depends on.
            "-p", "no:unraisableexception", "-p", "no:threadexception",
            # Installed plugins are not auto-loaded (PYTEST_DISABLE_PLUGIN_AUTOLOAD below):
            # whatever else is in the environment cannot change a grade; hypothesis by name.
            "-p", "_hypothesis_pytestplugin",
            "-o", "python_files=test_*.py", "-W", "ignore::DeprecationWarning",
            *(["--collect-only"] if spec.collect_only else []),
        ]  # fmt: skip
        log = io.StringIO()
        autoload = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
        os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        try:
            with contextlib.redirect_stdout(log):
                code = pytest.main(args, plugins=[plugin])
        finally:
            if autoload is None:
                os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
            else:
                os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = autoload
            session.stop()
            backend.close()
    record = {
        "tests": [asdict(o) for o in plugin.outcomes],
        "collected": plugin.collected,
        "loads": [asdict(r) for r in session.loads],
        "backend": backend.name,
        "notes": list(backend.notes),
        "starts": session.starts,
        "warm_starts": session.warm_starts,
        "calls": session.calls,
        "crashes": session.crashes,
        "trainings": [asdict(t) for t in session.trainings],
        "pytest_exit": int(code),
        "pytest_log": log.getvalue()[-20000:] if int(code) not in (0, 1) else "",
        "reference_errors": reference_errors,
        "seconds": time.perf_counter() - start,
    }
    Path(spec.out).write_text(json.dumps(record, indent=1), encoding="utf-8")
    return record


def run_file(
    path: str, *, backend: Backend | None = None, prestarted: Spawned | None = None
) -> dict[str, Any]:
    """Run the spec stored as JSON at ``path``."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    raw["cells"] = [tuple(c) for c in raw["cells"]]
    if raw.get("reference_cells") is not None:
        raw["reference_cells"] = [tuple(c) for c in raw["reference_cells"]]
    return run_spec(RunSpec(**raw), backend=backend, prestarted=prestarted)


def main() -> None:
    run_file(sys.argv[1])


if __name__ == "__main__":
    main()
