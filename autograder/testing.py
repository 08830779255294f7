"""What hidden and public tests import: markers, strategies' profile and helpers.

A test is a plain pytest function that asks for the fixtures ``student`` (the submission,
behind the sandbox), ``reference`` (the solution, in the trusted process) and ``support``
(the assignment's ``support.py``). Both ``student`` and ``reference`` have the same call
style::

    @points(3)
    @visibility("hidden")
    @given(dim=st.integers(2, 6))
    def test_roundtrip(student, reference, dim):
        '''inverse(forward(x)) gives x back.'''
        layer = student.AffineCoupling(dim, mask)       # a handle to an object in the sandbox
        student.remote(testmodels.reinit_normal_, layer, std=0.5, seed=0)
        z, logdet = layer(x)                             # real tensors, by value
        ...

``impl.remote(factory, *args, **kwargs)`` calls an allow-listed callable (from ``support.py``
or :mod:`autograder.testmodels`) *where the implementation lives*, so models and callables
handed to student functions are built inside the sandbox and autograd through them works.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

import pytest
import torch

from .errors import StudentError, StudentTimeout

__all__ = [
    "GRADING_PROFILE",
    "StudentError",
    "StudentTimeout",
    "check_finite",
    "check_losses",
    "check_tensor",
    "max_err",
    "points",
    "visibility",
]

F = TypeVar("F", bound=Callable[..., Any])

GRADING_PROFILE = "autograder-grading"
"""Hypothesis profile loaded for every grading run: derandomized, no database, no deadline."""

Visibility = Literal["visible", "hidden", "after_due_date", "after_published"]
_VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


def points(n: float) -> Callable[[F], F]:
    """Mark a test as worth ``n`` points (all or nothing)."""
    if not isinstance(n, int | float) or n < 0:
        raise TypeError(f"points(n) needs a non-negative number, got {n!r}")
    mark: Callable[[F], F] = pytest.mark.points(float(n))
    return mark


def visibility(v: Visibility) -> Callable[[F], F]:
    """Gradescope's visibility of the test's message: visible, hidden, after_due_date, after_published.

    The docstring of a failed test is always shown; the assertion message and the shrunk
    hypothesis example only when visible (or after the due date, for ``after_due_date``).
    """
    if v not in _VISIBILITIES:
        raise TypeError(f"visibility must be one of {', '.join(_VISIBILITIES)}, got {v!r}")
    mark: Callable[[F], F] = pytest.mark.visibility(v)
    return mark


# -- checking what came back from a student (trusted side) ----------------------------------------
def check_tensor(t: Any, shape: tuple[int, ...], dtype: torch.dtype, what: str) -> torch.Tensor:
    """``t`` must be a tensor of exactly this shape and dtype; returns it detached."""
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), (
        f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    )
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t.detach()


def check_finite(t: torch.Tensor, what: str) -> None:
    """No NaN or inf in ``t``."""
    bad = int((~torch.isfinite(t)).sum())
    assert bad == 0, f"{what}: {bad} non-finite value(s) (nan or inf)"


def max_err(a: torch.Tensor, b: torch.Tensor) -> float:
    """The largest absolute difference, computed in float64 (0 for empty tensors)."""
    return float((a.to(torch.float64) - b.to(torch.float64)).abs().max()) if a.numel() else 0.0


def check_losses(losses: Any, what: str = "the training losses") -> list[float]:
    """A list (or 1-D tensor) of finite numbers; says at which step training diverged.

    Returns the losses as floats. A NaN or inf fails with the first bad step, so a student
    whose training diverges learns where, not just that a later metric is bad."""
    if isinstance(losses, torch.Tensor):
        losses = losses.detach().reshape(-1).tolist()
    assert isinstance(losses, list | tuple), (
        f"{what} should be a list of floats (one per step); got {type(losses).__name__}"
    )
    assert losses, f"{what} are empty: the training loop ran no step"
    values: list[float] = []
    for i, v in enumerate(losses):
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise AssertionError(f"{what}: entry {i} is {type(v).__name__}, not a number") from None
        if f != f or f in (float("inf"), float("-inf")):
            raise AssertionError(
                f"training diverged: the loss became {f} at step {i + 1} of {len(losses)} "
                "(a learning rate too high, a log of zero, or a division by a vanishing scale)"
            )
        values.append(f)
    return values
