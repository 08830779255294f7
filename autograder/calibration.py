"""Metrics of trained checks and their calibrated thresholds: pure data and arithmetic.

A lab declares each metric its trained checks judge in ``assignment.toml``::

    [metrics.realnvp_nll]
    better = "lower"        # or "higher"
    margin = 0.1            # threshold = worst reference value over the seeds, loosened by this
    unit = "nats"
    what = "RealNVP NLL on 5000 fresh moons"
    baseline = 1.88         # optional: a simple baseline's value

``autograder calibrate LAB`` trains the reference on seeds 0..4 and stores, next to the hidden
tests, ``calibration.toml``: the values per seed, the worst, and the threshold. Tests judge a
student's value against that threshold (:meth:`Judge.meets`), never against a guessed number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .errors import ConfigError

__all__ = [
    "CALIBRATION_FILE",
    "CalibratedMetric",
    "MetricSpec",
    "calibrate_metric",
    "dump_calibration",
    "parse_calibration",
    "parse_metric_specs",
    "stale_metrics",
]

CALIBRATION_FILE = "calibration.toml"
Better = Literal["lower", "higher"]


@dataclass(frozen=True)
class MetricSpec:
    """What the author declares about one metric."""

    name: str
    better: Better
    margin: float
    unit: str = ""
    what: str = ""
    baseline: float | None = None

    def at_least_as_good(self, value: float, bound: float) -> bool:
        """``value`` reaches ``bound`` in this metric's direction (NaN never does)."""
        if math.isnan(value):
            return False
        return value <= bound if self.better == "lower" else value >= bound

    def worst(self, values: Sequence[float]) -> float:
        return max(values) if self.better == "lower" else min(values)

    def loosen(self, value: float) -> float:
        return value + self.margin if self.better == "lower" else value - self.margin

    def fmt(self, value: float) -> str:
        return f"{value:.4g}" + (f" {self.unit}" if self.unit else "")


@dataclass(frozen=True)
class CalibratedMetric:
    """One metric as ``calibrate`` measured it on the reference."""

    name: str
    seeds: tuple[int, ...]
    values: tuple[float, ...]
    worst: float
    margin: float
    threshold: float
    better: Better

    def value_at(self, seed: int) -> float | None:
        return self.values[self.seeds.index(seed)] if seed in self.seeds else None


def calibrate_metric(spec: MetricSpec, by_seed: Mapping[int, float]) -> CalibratedMetric:
    """threshold = worst reference value over the seeds, loosened by the margin."""
    seeds = tuple(sorted(by_seed))
    values = tuple(float(by_seed[s]) for s in seeds)
    bad = [s for s, v in zip(seeds, values, strict=True) if not math.isfinite(v)]
    if not values or bad:
        raise ConfigError(
            f"metric {spec.name}: the reference gave no finite value"
            + (f" for seeds {bad}" if bad else "")
        )
    worst = spec.worst(values)
    return CalibratedMetric(
        spec.name, seeds, values, worst, spec.margin, spec.loosen(worst), spec.better
    )


def parse_metric_specs(raw: object, path: Path) -> dict[str, MetricSpec]:
    """The ``[metrics.NAME]`` tables of ``assignment.toml``."""
    fix = 'write [metrics.NAME] with better = "lower" | "higher" and margin = <number>'
    if not isinstance(raw, dict):
        raise ConfigError("[metrics] must hold one table per metric", path=path, fix=fix)
    specs: dict[str, MetricSpec] = {}
    allowed = {"better", "margin", "unit", "what", "baseline"}
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise ConfigError(f"[metrics.{name}] must be a table", path=path, fix=fix)
        unknown = set(table) - allowed
        better = table.get("better")
        margin = table.get("margin")
        baseline = table.get("baseline")
        if unknown:
            raise ConfigError(
                f"[metrics.{name}] has unknown keys {', '.join(sorted(unknown))}",
                path=path,
                fix=f"use only {', '.join(sorted(allowed))}",
            )
        if better not in ("lower", "higher"):
            raise ConfigError(f'[metrics.{name}] better must be "lower" or "higher"', path=path)
        if not isinstance(margin, int | float) or isinstance(margin, bool) or margin < 0:
            raise ConfigError(f"[metrics.{name}] margin must be a number >= 0", path=path, fix=fix)
        if baseline is not None and not isinstance(baseline, int | float):
            raise ConfigError(f"[metrics.{name}] baseline must be a number", path=path)
        specs[str(name)] = MetricSpec(
            str(name),
            better,
            float(margin),
            str(table.get("unit", "")),
            str(table.get("what", "")),
            float(baseline) if baseline is not None else None,
        )
    return specs


def parse_calibration(data: Mapping[str, Any]) -> dict[str, CalibratedMetric]:
    """``calibration.toml`` as read by tomllib (one table per metric)."""
    out: dict[str, CalibratedMetric] = {}
    for name, t in data.items():
        if not isinstance(t, dict):
            continue
        try:
            out[name] = CalibratedMetric(
                name,
                tuple(int(s) for s in t["seeds"]),
                tuple(float(v) for v in t["values"]),
                float(t["worst"]),
                float(t["margin"]),
                float(t["threshold"]),
                "higher" if t.get("better") == "higher" else "lower",
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"calibration of {name} is malformed ({exc})",
                fix="run `autograder calibrate` again",
            ) from exc
    return out


def dump_calibration(assignment_id: str, metrics: Sequence[CalibratedMetric]) -> str:
    """The text of ``calibration.toml`` (TOML; floats written with repr, so they read back exactly)."""
    lines = [
        f"# Written by `autograder calibrate {assignment_id}`: the reference trained on each seed.",
        "# threshold = worst + margin (lower is better) or worst - margin (higher is better).",
        "# Do not edit by hand: change the margin in assignment.toml and calibrate again.",
        "",
    ]
    for m in sorted(metrics, key=lambda m: m.name):
        lines += [
            f"[{m.name}]",
            f'better = "{m.better}"',
            f"seeds = [{', '.join(str(s) for s in m.seeds)}]",
            f"values = [{', '.join(repr(v) for v in m.values)}]",
            f"worst = {m.worst!r}",
            f"margin = {m.margin!r}",
            f"threshold = {m.threshold!r}",
            "",
        ]
    return "\n".join(lines)


def stale_metrics(
    specs: Mapping[str, MetricSpec],
    stored: Mapping[str, CalibratedMetric],
    recorded: Mapping[str, float],
    seed: int = 0,
) -> list[str]:
    """Why the stored calibration no longer describes the reference (empty when it does).

    ``recorded`` are the metrics the reference gave now with calibration seed ``seed``."""
    problems: list[str] = []
    for name in sorted(set(recorded) - set(specs)):
        problems.append(f"metric {name} is recorded by a test but not declared in [metrics]")
    for name in sorted(set(specs) - set(recorded)):
        problems.append(f"metric {name} is declared but no test records it")
    for name, value in sorted(recorded.items()):
        spec = specs.get(name)
        cal = stored.get(name)
        if spec is None:
            continue
        if cal is None:
            problems.append(f"metric {name} is not calibrated: run `autograder calibrate`")
            continue
        if cal.better != spec.better or cal.margin != spec.margin:
            problems.append(
                f"metric {name}: assignment.toml changed its direction or margin since calibration"
            )
        if not spec.at_least_as_good(value, cal.threshold):
            problems.append(
                f"metric {name}: the reference now gives {spec.fmt(value)}, "
                f"which misses the stored threshold {spec.fmt(cal.threshold)}"
            )
        then = cal.value_at(seed)
        if then is not None and abs(value - then) > max(spec.margin / 2, 1e-9):
            problems.append(
                f"metric {name}: the reference gives {spec.fmt(value)} with seed {seed}; "
                f"calibration measured {spec.fmt(then)} (stale: run `autograder calibrate`)"
            )
        if spec.baseline is not None and not spec.at_least_as_good(cal.threshold, spec.baseline):
            problems.append(
                f"metric {name}: the threshold {spec.fmt(cal.threshold)} does not beat the "
                f"baseline {spec.fmt(spec.baseline)}: the check would pass a baseline model"
            )
    return problems
