"""Helpers for HW04 (continuous normalizing flows): small vector fields, a spy, base densities.

Non-secret: shipped with the homework and loaded next to your notebook when it is graded.
You do not need this module to solve the homework, but you may use it to test your code.

Every field here follows the course's calling convention ``u(x, t)`` with ``x`` of shape (B, D)
and ``t`` a floating tensor of shape (B, 1) (one time per sample) in the dtype of ``x``; the
fields check it and raise a ``TypeError`` saying what they got. Every field acts row by row:
row i of the output depends on row i of ``x`` only. Nothing here decides a grade: the tests only
use these objects to build inputs next to your code, and compare the values that come back on
their side.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn

__all__ = [
    "BackwardCounter",
    "ElementwiseField",
    "GaussianLogProb",
    "LinearField",
    "MLPField",
    "TimePolynomialField",
    "TimeSpy",
    "call_without_grad",
    "grads_of_sum",
]


def _describe(t: Any) -> str:
    if isinstance(t, torch.Tensor):
        return f"a {str(t.dtype).replace('torch.', '')} tensor of shape {tuple(t.shape)}"
    return f"{type(t).__name__} {t!r}"


def _check_call(x: Any, t: Any) -> torch.Tensor:
    """The course's convention: x is (B, D); t is a tensor of shape (B, 1) in the dtype of x."""
    if not isinstance(x, torch.Tensor) or x.dim() != 2:
        raise TypeError(f"u(x, t) expects x as a tensor of shape (B, D); it was called with {_describe(x)}")
    shape = (x.shape[0], 1)
    if not isinstance(t, torch.Tensor) or tuple(t.shape) != shape or t.dtype != x.dtype:
        raise TypeError(
            f"u(x, t) expects t as a {str(x.dtype).replace('torch.', '')} tensor of shape "
            f"{shape} (one time per sample, same dtype as x); it was called with {_describe(t)}"
        )
    return t


def _param(value: Any, dtype: str) -> nn.Parameter:
    return nn.Parameter(torch.as_tensor(value, dtype=torch.float64).clone().to(getattr(torch, dtype)))


class LinearField(nn.Module):
    """u(x, t) = x Aᵀ + b, the same for every t (``A`` of shape (D, D), ``b`` of shape (D,) or None).

    Its Jacobian is A everywhere, so its divergence is tr A; its flow is x_t = e^{tA} x_0 (for b = 0).
    """

    def __init__(self, A: Any, b: Any = None, dtype: str = "float64") -> None:
        super().__init__()
        self.A = _param(A, dtype)
        self.b = None if b is None else _param(b, dtype)

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        _check_call(x, t)
        out = x @ self.A.T
        return out if self.b is None else out + self.b


class ElementwiseField(nn.Module):
    """u(x, t)_j = a_j tanh(b_j x_j + c_j t) + e_j x_j: coordinate j depends on x_j (and t) only.

    Its Jacobian is diagonal, with entries a_j b_j (1 − tanh²(b_j x_j + c_j t)) + e_j. All four
    vectors have shape (D,).
    """

    def __init__(self, a: Any, b: Any, c: Any, e: Any, dtype: str = "float64") -> None:
        super().__init__()
        self.a, self.b, self.c, self.e = (_param(v, dtype) for v in (a, b, c, e))

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        t = _check_call(x, t)
        return self.a * torch.tanh(self.b * x + self.c * t) + self.e * x


class MLPField(nn.Module):
    """A small time-dependent tanh network u(x, t) = tanh(x W1ᵀ + t w + c1) W2ᵀ + c2.

    Weights are drawn from N(0, std²) with a fixed seed (``scale`` multiplies the output layer), so
    it stands for a trained network whose Jacobian is full and changes with x and t.
    """

    def __init__(
        self,
        dim: int,
        hidden: int = 16,
        seed: int = 0,
        std: float = 0.5,
        scale: float = 1.0,
        dtype: str = "float64",
    ) -> None:
        super().__init__()
        gen = torch.Generator().manual_seed(int(seed))

        def draw(*shape: int) -> torch.Tensor:
            return std * torch.randn(shape, generator=gen, dtype=torch.float64)

        self.w1 = _param(draw(hidden, dim), dtype)
        self.wt = _param(2 * draw(hidden), dtype)
        self.c1 = _param(draw(hidden), dtype)
        self.w2 = _param(scale * draw(dim, hidden), dtype)
        self.c2 = _param(scale * draw(dim), dtype)

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        t = _check_call(x, t)
        h = torch.tanh(x @ self.w1.T + t * self.wt + self.c1)
        out: torch.Tensor = h @ self.w2.T + self.c2
        return out


class TimePolynomialField(nn.Module):
    """u(x, t) = p(t) v with p(t) = Σ_k coeffs[k] t^k: the same velocity for every x.

    ``TimePolynomialField([1.0], v)`` is the constant field v; ``TimePolynomialField([0, 0, 0, 1], v)``
    is t³ v, whose flow moves a point by v (t1⁴ − t0⁴) / 4 between t0 and t1.
    """

    def __init__(self, coeffs: Sequence[float], v: Any, dtype: str = "float64") -> None:
        super().__init__()
        self.coeffs = [float(c) for c in coeffs]
        self.register_buffer("v", torch.as_tensor(v, dtype=torch.float64).clone().to(getattr(torch, dtype)))

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        t = _check_call(x, t)
        p = torch.zeros_like(t)
        for c in reversed(self.coeffs):  # Horner
            p = p * t + c
        return p * self.v + 0 * x


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
            self.calls.append([type(t).__name__, [], [float(t)] if isinstance(t, int | float) else []])
        return self.scale * x


class BackwardCounter(nn.Module):
    """u(x, t) = x Aᵀ (like ``LinearField``) that counts how often a gradient flows back through it.

    ``backward_calls`` is the number of backward passes (vector–Jacobian products) through the
    outputs of the field, whatever the batch size: one ``torch.autograd.grad(out, x, grad_outputs=z)``
    counts 1, a loop of D calls of ``torch.autograd.grad(out[:, i].sum(), x)`` counts D.
    ``forward_calls`` counts the calls of the field.
    """

    def __init__(self, A: Any, dtype: str = "float64") -> None:
        super().__init__()
        self.A = _param(A, dtype)
        self.forward_calls = 0
        self.backward_calls = 0

    def _count(self, grad: torch.Tensor) -> None:
        self.backward_calls += 1

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        _check_call(x, t)
        self.forward_calls += 1
        out: torch.Tensor = x @ self.A.T
        if out.requires_grad:
            out.register_hook(self._count)
        return out


class GaussianLogProb(nn.Module):
    """A base density: z ↦ log N(z; mean, std² I), summed over the last axis, shape (B,).

    ``GaussianLogProb()`` is the standard normal N(0, I); ``mean`` and ``std`` broadcast against one
    sample (a float, or shape (D,)).
    """

    def __init__(self, mean: Any = 0.0, std: Any = 1.0) -> None:
        super().__init__()
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float64).clone())
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float64).clone())

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        mean, std = self.mean.to(z.dtype), self.std.to(z.dtype)
        per_coord = -0.5 * ((z - mean) / std) ** 2 - torch.log(std) - 0.5 * math.log(2 * math.pi)
        return (per_coord + torch.zeros_like(z)).sum(-1)


def grads_of_sum(
    fn: Callable[..., torch.Tensor], module: nn.Module, *args: Any, **kwargs: Any
) -> tuple[torch.Tensor, list[torch.Tensor | None]]:
    """``out = fn(*args, **kwargs)``, then ``out.sum().backward()``: ``out`` and the gradient of every
    parameter of ``module`` (listed in sorted-name order; None when ``out`` does not depend on it).
    """
    params = [p for _, p in sorted(module.named_parameters(), key=lambda kv: kv[0])]
    for p in params:
        p.grad = None
    out = fn(*args, **kwargs)
    if isinstance(out, torch.Tensor) and out.requires_grad:
        out.sum().backward()
    value = out.detach() if isinstance(out, torch.Tensor) else out
    return value, [None if p.grad is None else p.grad.detach().clone() for p in params]


def call_without_grad(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` inside ``torch.no_grad()``, as in an evaluation loop."""
    with torch.no_grad():
        return fn(*args, **kwargs)
