"""The late policy of an assignment and the score it leaves.

``assignment.toml`` keeps ``due`` (read by :mod:`autograder.course`); the portal also reads an
optional ``[late]`` table there::

    [late]
    penalty_per_day = 0.1                  # fraction of the score lost per started day late
    hard_deadline = 2026-12-21T23:59:00Z   # no upload is accepted after this

Everything but :func:`read_late_policy` is pure.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..course import Assignment
from ..errors import ConfigError

__all__ = ["LatePolicy", "Score", "late_days", "read_late_policy", "score_of"]


@dataclass(frozen=True)
class LatePolicy:
    due: dt.datetime | None = None
    hard_deadline: dt.datetime | None = None
    penalty_per_day: float = 0.0

    def describe(self) -> str:
        if self.due is None:
            return "no due date"
        bits = [f"due {self.due:%Y-%m-%d %H:%M} UTC"]
        if self.penalty_per_day:
            bits.append(f"{self.penalty_per_day:.0%} off per started day late")
        if self.hard_deadline:
            bits.append(f"no uploads after {self.hard_deadline:%Y-%m-%d %H:%M} UTC")
        elif self.penalty_per_day == 0:
            bits.append("late uploads are accepted and marked late")
        return "; ".join(bits)


def _when(value: object, path: Path) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(23, 59, 59), tzinfo=dt.UTC)
    raise ConfigError("[late] hard_deadline must be a TOML date or datetime", path=path)


def read_late_policy(a: Assignment) -> LatePolicy:
    """The ``due`` date and the ``[late]`` table of ``assignment.toml``."""
    path = a.dir / "assignment.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    late = data.get("late", {})
    if not isinstance(late, dict) or set(late) - {"penalty_per_day", "hard_deadline"}:
        raise ConfigError(
            "[late] may hold only penalty_per_day and hard_deadline",
            path=path,
            fix="write [late] penalty_per_day = 0.1, hard_deadline = 2026-12-21T23:59:00Z",
        )
    rate = late.get("penalty_per_day", 0.0)
    if not isinstance(rate, int | float) or not 0 <= rate <= 1:
        raise ConfigError("[late] penalty_per_day must be a number from 0 to 1", path=path)
    hard = _when(late["hard_deadline"], path) if "hard_deadline" in late else None
    return LatePolicy(a.due, hard, float(rate))


def late_days(due: dt.datetime | None, when: dt.datetime) -> int:
    """Started days past the due date (0 when on time or when there is none)."""
    if due is None or when <= due:
        return 0
    return math.ceil((when - due) / dt.timedelta(days=1))


@dataclass(frozen=True)
class Score:
    """The points a student sees: tests + hand-graded cells, less the late penalty."""

    auto: float
    manual: float
    max_points: float
    penalty: float  # points taken off
    days_late: int

    @property
    def total(self) -> float:
        return round(max(0.0, self.auto + self.manual - self.penalty), 6)


def score_of(auto: float, manual: float, max_points: float, days: int, per_day: float) -> Score:
    fraction = min(1.0, days * per_day)
    return Score(auto, manual, max_points, round((auto + manual) * fraction, 6), days)
