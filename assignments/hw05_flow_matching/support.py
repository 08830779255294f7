"""Helpers for HW05 (flow matching): small velocity fields, a spy, time schedules.

Non-secret: shipped with the homework and loaded next to your notebook when it is graded.
You do not need this module to solve the homework, but you may use it to test your code.

Every field here follows the course's calling convention ``model(x_t, t)`` with ``t`` a
floating tensor of shape (B, 1) (one time per sample, ``(B, 1, 1, 1)`` for image batches) in
the dtype of ``x_t``; the fields check it and raise a ``TypeError`` saying what they got.
Nothing here decides a grade: the tests only use these objects to build inputs next to your
code, and compare the values that come back on their side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn

__all__ = [
    "ConstantField",
    "Polynomial",
    "SinglePointField",
    "TimeField",
    "TimeSpy",
    "loss_and_grads",
]


def _describe(t: Any) -> str:
    if isinstance(t, torch.Tensor):
        return f"a {str(t.dtype).replace('torch.', '')} tensor of shape {tuple(t.shape)}"
    return f"{type(t).__name__} {t!r}"


def _check_t(x: torch.Tensor, t: Any) -> torch.Tensor:
    """The course's convention: t is a tensor of shape (B, 1, ..., 1) in the dtype of x."""
    shape = (x.shape[0],) + (1,) * (x.dim() - 1)
    if not isinstance(t, torch.Tensor) or tuple(t.shape) != shape or t.dtype != x.dtype:
        raise TypeError(
            f"model(x_t, t) expects t as a {str(x.dtype).replace('torch.', '')} tensor of shape "
            f"{shape} (one time per sample, same dtype as x_t); it was called with {_describe(t)}"
        )
    return t


class Polynomial:
    """The function t ↦ Σ_k coeffs[k] t^k, applied element-wise (same shape and dtype as t).

    Used for the schedules of a Gaussian probability path, e.g. ``alpha = Polynomial([0, 1])``
    (α_t = t), ``beta = Polynomial([1, -1])`` (β_t = 1 − t) and their derivatives
    ``Polynomial([1])``, ``Polynomial([-1])``.
    """

    def __init__(self, coeffs: Sequence[float]) -> None:
        self.coeffs = [float(c) for c in coeffs]

    def __call__(self, t: torch.Tensor) -> torch.Tensor:
        t = torch.as_tensor(t)
        out = torch.zeros_like(t)
        for c in reversed(self.coeffs):  # Horner
            out = out * t + c
        return out

    def derivative(self) -> Polynomial:
        return Polynomial([k * c for k, c in enumerate(self.coeffs)][1:] or [0.0])


class ConstantField(nn.Module):
    """u(x, t) = c for every x and t (``c`` of shape (D,) or (B, D))."""

    def __init__(self, c: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("c", torch.as_tensor(c).clone())

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        _check_t(x, t)
        return torch.zeros_like(x) + self.c.to(x.dtype)


class TimeField(nn.Module):
    """An affine, time-dependent field u(x, t) = x Wᵀ + b + t c + t² x.

    Its values depend on x and on t in a known way, so the tests can integrate or evaluate it on
    their own side; ``t`` must have shape (B, 1) (checked).
    """

    def __init__(
        self, weight: torch.Tensor, bias: torch.Tensor, c: torch.Tensor, dtype: str = "float64"
    ) -> None:
        super().__init__()
        dt = getattr(torch, dtype)
        self.weight = nn.Parameter(torch.as_tensor(weight).clone().to(dt))
        self.bias = nn.Parameter(torch.as_tensor(bias).clone().to(dt))
        self.c = nn.Parameter(torch.as_tensor(c).clone().to(dt))

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        t = _check_t(x, t)
        out: torch.Tensor = x @ self.weight.T + self.bias + t * self.c + t * t * x
        return out


class SinglePointField(nn.Module):
    """The exact flow-matching field when the data is the single point ``x1``:
    u(x, t) = (x1 − x) / (1 − t), for t < 1. ``x1`` has shape (D,) or (B, D)."""

    def __init__(self, x1: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("x1", torch.as_tensor(x1).clone())

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        t = _check_t(x, t)
        return (self.x1.to(x.dtype) - x) / (1 - t)


class TimeSpy(nn.Module):
    """Records how it is called and returns ``scale * x``.

    ``calls`` holds, per call, ``[dtype name of t, shape of t, values of t]`` (values as floats;
    ``t`` that is not a tensor is recorded as its type name with an empty shape).
    """

    def __init__(self, scale: float = 0.0) -> None:
        super().__init__()
        self.scale = float(scale)
        self.calls: list[list[Any]] = []

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        if isinstance(t, torch.Tensor):
            values = [float(v) for v in t.detach().reshape(-1).to(torch.float64)]
            self.calls.append([str(t.dtype).replace("torch.", ""), list(t.shape), values])
        else:
            self.calls.append(
                [type(t).__name__, [], [float(t)] if isinstance(t, int | float) else []]
            )
        return self.scale * x


def loss_and_grads(
    loss_fn: Callable[..., torch.Tensor], model: nn.Module, *args: Any
) -> tuple[torch.Tensor, list[torch.Tensor | None]]:
    """``loss_fn(model, *args)``, then backward: the loss and the gradient of every parameter.

    Parameters are listed in sorted-name order; a gradient is None when the loss does not
    depend on that parameter (e.g. it was detached).
    """
    params = [p for _, p in sorted(model.named_parameters(), key=lambda kv: kv[0])]
    for p in params:
        p.grad = None
    loss = loss_fn(model, *args)
    if isinstance(loss, torch.Tensor) and loss.requires_grad:
        loss.backward()
    out = loss.detach() if isinstance(loss, torch.Tensor) else loss
    return out, [None if p.grad is None else p.grad.detach().clone() for p in params]
