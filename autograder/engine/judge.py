"""The ``calibration`` fixture of a lab's tests: the training seed, thresholds, and verdicts.

A trained check trains the student's model in the sandbox, computes a metric on the trusted side
from what it pulls back by value, and hands the number to this object, which judges it against
the calibrated threshold (``calibration.toml`` next to the hidden tests) and records it: the
value appears in the feedback, ``calibrate`` collects it per seed, and ``validate`` compares two
runs and the stored calibration with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..calibration import CalibratedMetric, MetricSpec

__all__ = ["Judge"]


class Judge:
    """Thresholds and records for one grading run (one submission or one calibration seed)."""

    def __init__(
        self,
        specs: Mapping[str, MetricSpec],
        stored: Mapping[str, CalibratedMetric],
        *,
        seed: int = 0,
        calibrating: bool = False,
        assignment: str = "",
    ) -> None:
        self.specs = dict(specs)
        self.stored = dict(stored)
        self.seed = int(seed)
        self.calibrating = calibrating
        self.assignment = assignment
        self.current_test = ""
        self.recorded: dict[str, dict[str, float]] = {}  # test name -> metric -> value

    def __repr__(self) -> str:
        return "calibration"

    def _spec(self, name: str) -> MetricSpec:
        spec = self.specs.get(name)
        if spec is None:
            raise KeyError(
                f"metric {name!r} is not declared: add [metrics.{name}] to assignment.toml "
                f"(known: {', '.join(sorted(self.specs)) or 'none'})"
            )
        return spec

    def record(self, name: str, value: Any) -> float:
        """Keep ``value`` as this test's measurement of metric ``name``; returns it as a float."""
        self._spec(name)
        v = float(value)
        self.recorded.setdefault(self.current_test, {})[name] = v
        return v

    def threshold(self, name: str) -> float:
        """The calibrated threshold of ``name`` (fails the test if calibration never ran)."""
        spec = self._spec(name)
        cal = self.stored.get(name)
        if cal is None:
            raise AssertionError(
                f"metric {name} is not calibrated: run `autograder calibrate {self.assignment}` "
                "(test author)"
            )
        if cal.better != spec.better or cal.margin != spec.margin:
            raise AssertionError(
                f"metric {name} changed in assignment.toml since it was calibrated: run "
                f"`autograder calibrate {self.assignment}` again (test author)"
            )
        return cal.threshold

    def baseline(self, name: str) -> float:
        """The declared baseline of ``name``."""
        b = self._spec(name).baseline
        if b is None:
            raise KeyError(f"metric {name} declares no baseline in assignment.toml")
        return b

    def meets(self, name: str, value: Any) -> None:
        """Record ``value`` and assert it reaches the calibrated threshold."""
        spec = self._spec(name)
        v = self.record(name, value)
        if self.calibrating:  # calibration measures the reference; the verdict comes later
            return
        bound = self.threshold(name)
        if spec.at_least_as_good(v, bound):
            return
        cal = self.stored[name]
        word = "at most" if spec.better == "lower" else "at least"
        reason = "it is not a number (training diverged?)" if math.isnan(v) else ""
        raise AssertionError(
            f"{spec.what or name}: your model gives {spec.fmt(v)}; full marks need {word} "
            f"{spec.fmt(bound)} (the reference solution's worst over {len(cal.seeds)} training "
            f"seeds was {spec.fmt(cal.worst)}, plus a margin of {cal.margin:g})"
            + (f"; {reason}" if reason else "")
        )

    def beats(self, name: str, value: Any, baseline: float, what: str) -> None:
        """Record ``value`` and assert it is better than a simple baseline's ``baseline``."""
        spec = self._spec(name)
        v = self.record(name, value)
        if self.calibrating:
            return
        better = not math.isnan(v) and (v < baseline if spec.better == "lower" else v > baseline)
        if not better:
            raise AssertionError(
                f"{spec.what or name}: your model gives {spec.fmt(v)}, no better than "
                f"{what} ({spec.fmt(baseline)}): the training did not learn the data yet"
            )
