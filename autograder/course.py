"""Where things live in a course repository (layout fixed by DESIGN.md) and ``assignment.toml``."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .calibration import MetricSpec, parse_metric_specs
from .errors import ConfigError, UsageError

__all__ = ["Assignment", "Limits", "find_course_root", "list_assignments", "load_assignment"]


@dataclass(frozen=True)
class Limits:
    """Per-submission sandbox limits (seconds, bytes, counts)."""

    cell_seconds: float = 60.0  # wall time to execute all setup + answer cells
    call_seconds: float = 10.0  # wall time of one call into student code
    train_seconds: float = 90.0  # wall time of one training call (`student.train`) in a lab
    train_threads: int = 2  # torch.set_num_threads inside the sandbox while training
    memory_bytes: int = 4 * 1024**3
    processes: int = 256  # threads count too (torch starts a pool)
    output_bytes: int = 64 * 1024  # student stdout/stderr kept
    value_bytes: int = 256 * 1024**2  # largest frame accepted back from the sandbox
    file_bytes: int = 64 * 1024**2  # largest file the student may write in scratch
    cpus: float = 1.0
    restarts: int = 3  # worker restarts after a crash or timeout, per submission


@dataclass(frozen=True)
class Assignment:
    """One assignment folder and its ``assignment.toml``."""

    id: str
    root: Path  # course root
    title: str
    total_points: float | None = None
    budget_seconds: float = 60.0  # hidden suite on the solution must run within this
    due: dt.datetime | None = None
    limits: Limits = field(default_factory=Limits)
    # tests allowed to pass a trivial implementation (validate), with the teacher's reason
    trivial_allowed: Mapping[str, str] = field(default_factory=dict)
    # metrics judged by trained checks (labs), thresholds calibrated on the reference
    metrics: Mapping[str, MetricSpec] = field(default_factory=dict)

    @property
    def dir(self) -> Path:
        return self.root / "assignments" / self.id

    @property
    def source(self) -> Path:
        return self.dir / f"{self.id}.ipynb"

    @property
    def support(self) -> Path:
        return self.dir / "support.py"

    @property
    def public_tests(self) -> Path:
        return self.dir / "tests" / "public"

    @property
    def hidden_tests(self) -> Path:
        return self.dir / "tests" / "hidden"

    @property
    def calibration_file(self) -> Path:
        return self.hidden_tests / "calibration.toml"

    @property
    def mutants(self) -> Path:
        return self.dir / "mutants"

    @property
    def release_dir(self) -> Path:
        return self.root / "release" / self.id

    @property
    def release_notebook(self) -> Path:
        return self.release_dir / f"{self.id}.ipynb"

    @property
    def solution_notebook(self) -> Path:
        return self.root / "solutions" / self.id / f"{self.id}.ipynb"


def find_course_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds ``assignments/``."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "assignments").is_dir():
            return candidate
    raise UsageError(
        f"no course found at or above {here}: expected a folder with assignments/<id>/<id>.ipynb; "
        "run from the course repository or pass --course DIR"
    )


def list_assignments(root: Path) -> list[str]:
    """Every assignment id under ``root/assignments``, sorted."""
    base = root / "assignments"
    return sorted(
        p.name for p in base.iterdir() if p.is_dir() and (p / f"{p.name}.ipynb").is_file()
    )


_LIMIT_KEYS = {f for f in Limits.__dataclass_fields__}


def load_assignment(root: Path, assignment_id: str) -> Assignment:
    """Read ``assignments/<id>/assignment.toml`` (optional; every field has a default)."""
    folder = root / "assignments" / assignment_id
    if not (folder / f"{assignment_id}.ipynb").is_file():
        known = ", ".join(list_assignments(root)) if (root / "assignments").is_dir() else "none"
        raise UsageError(
            f"no assignment {assignment_id!r} in {root / 'assignments'} (known: {known})"
        )
    path = folder / "assignment.toml"
    data: dict[str, object] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", path=path, fix="correct the syntax") from exc
    limits_raw = data.get("limits", {})
    if not isinstance(limits_raw, dict):
        raise ConfigError("[limits] must be a table", path=path)
    unknown = set(limits_raw) - _LIMIT_KEYS
    if unknown:
        raise ConfigError(
            f"unknown keys in [limits]: {', '.join(sorted(unknown))}",
            path=path,
            fix=f"use only {', '.join(sorted(_LIMIT_KEYS))}",
        )
    try:
        limits = Limits(**{k: type(getattr(Limits(), k))(v) for k, v in limits_raw.items()})
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bad value in [limits]: {exc}", path=path) from exc
    due_raw = data.get("due")
    due: dt.datetime | None
    if due_raw is None:
        due = None
    elif isinstance(due_raw, dt.datetime):
        due = due_raw if due_raw.tzinfo else due_raw.replace(tzinfo=dt.UTC)
    elif isinstance(due_raw, dt.date):
        due = dt.datetime.combine(due_raw, dt.time(23, 59, 59), tzinfo=dt.UTC)
    else:
        raise ConfigError(
            "`due` must be a TOML date or datetime",
            path=path,
            fix="write due = 2026-12-01T23:59:00Z",
        )
    total = data.get("total_points")
    budget = data.get("budget_seconds", 60.0)
    if total is not None and not isinstance(total, int | float):
        raise ConfigError("`total_points` must be a number", path=path)
    if not isinstance(budget, int | float):
        raise ConfigError("`budget_seconds` must be a number", path=path)
    title = data.get("title", assignment_id)
    trivial_allowed = _trivial_allowed(data.get("validate", {}), path)
    return Assignment(
        id=assignment_id,
        root=root,
        title=str(title),
        total_points=float(total) if total is not None else None,
        budget_seconds=float(budget),
        due=due,
        limits=limits,
        trivial_allowed=trivial_allowed,
        metrics=parse_metric_specs(data.get("metrics", {}), path),
    )


def _trivial_allowed(raw: object, path: Path) -> dict[str, str]:
    """``[validate.trivial_allowed]``: test name -> the reason it may pass a trivial implementation."""
    fix = 'write [validate.trivial_allowed] with lines test_name = "the reason"'
    if not isinstance(raw, dict) or set(raw) - {"trivial_allowed"}:
        raise ConfigError("[validate] may hold only trivial_allowed", path=path, fix=fix)
    allowed = raw.get("trivial_allowed", {})
    if not isinstance(allowed, dict) or not all(
        isinstance(v, str) and v.strip() for v in allowed.values()
    ):
        raise ConfigError(
            "every allowed test needs a reason (a non-empty string)", path=path, fix=fix
        )
    return {str(k): str(v) for k, v in allowed.items()}
