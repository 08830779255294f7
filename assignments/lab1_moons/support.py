"""Helpers for Lab 1 (two moons: RealNVP vs flow matching): data, exact fields, small models.

Non-secret: shipped with the lab and loaded next to your notebook when it is graded (the setup
cell does ``import support``). Your training functions draw their data with
``support.moons``; the other objects are what the tests hand to your code: an exact
(closed-form) field to sample with, spies that record how they are called, and small models
whose training the tests can replay on their side.

Conventions: data are float tensors of shape (B, 2); a velocity field is called as
``flow(x_t, t)`` with ``t`` of shape (B, 1) in the dtype of ``x_t``; noise at t = 0, data at
t = 1. Nothing here decides a grade: the tests only build inputs with these objects and compare
the values that come back on their side.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import torch
from torch import nn

__all__ = [
    "AffineField",
    "ClosedFormFlow",
    "EulerSpy",
    "LinearDensity",
    "TimeLinearField",
    "double_copy",
    "each_layer",
    "moons",
]


def moons(
    n: int, noise: float = 0.05, generator: torch.Generator | None = None, dtype: Any = None
) -> torch.Tensor:
    """``n`` points of the two-moons distribution, shape (n, 2), like
    ``sklearn.datasets.make_moons(n, noise=noise)`` (shuffled), drawn with torch only.

    Each point picks a moon with probability 1/2 and an angle s ~ U[0, pi]: the upper moon is
    (cos s, sin s), the lower one (1 - cos s, 1/2 - sin s); then N(0, noise^2 I) is added.
    Draws, in this order, from ``generator``: the n angles, the n moon choices, the (n, 2) noise.
    ``dtype`` defaults to torch's default dtype (float32).
    """
    dtype = dtype or torch.get_default_dtype()
    s = math.pi * torch.rand(n, generator=generator, dtype=torch.float64)
    upper = torch.rand(n, generator=generator, dtype=torch.float64) < 0.5
    x = torch.where(upper, torch.cos(s), 1 - torch.cos(s))
    y = torch.where(upper, torch.sin(s), 0.5 - torch.sin(s))
    eps = torch.randn(n, 2, generator=generator, dtype=torch.float64)
    return (torch.stack([x, y], 1) + noise * eps).to(dtype)


def double_copy(module: nn.Module) -> nn.Module:
    """A float64 deep copy of ``module`` (the original is left as it is)."""
    return copy.deepcopy(module).to(torch.float64)


def each_layer(flow: nn.Module, x: torch.Tensor) -> list[Any]:
    """``[layer(x) for layer in flow.layers]``: every layer of a FlowSequence applied on its own
    to the same ``x`` (not composed), to look at the layers one by one."""
    return [layer(x) for layer in flow.layers]


def _check_t(x: torch.Tensor, t: Any) -> torch.Tensor:
    if not isinstance(t, torch.Tensor) or tuple(t.shape) != (x.shape[0], 1) or t.dtype != x.dtype:
        got = (
            f"a {str(t.dtype).replace('torch.', '')} tensor of shape {tuple(t.shape)}"
            if isinstance(t, torch.Tensor)
            else f"{type(t).__name__} {t!r}"
        )
        raise TypeError(
            f"flow(x_t, t) expects t as a tensor of shape ({x.shape[0]}, 1) in the dtype of x_t "
            f"({str(x.dtype).replace('torch.', '')}); it was called with {got}"
        )
    return t


class ClosedFormFlow(nn.Module):
    """The exact flow-matching field of the empirical distribution of ``data`` (N, 2), for the
    linear path x_t = (1 - t) x_0 + t x_1 (see HW05):

        u(x, t) = (sum_i w_i x_i - x) / (1 - t),  w = softmax_i(-|x - t x_i|^2 / (2 (1 - t)^2)).

    Has ``dim``, ``forward(x_t, t)`` and ``euler_step(x_t, t, stepsize)`` like the lab's Flow;
    sampling with it reproduces the training points."""

    def __init__(self, data: torch.Tensor) -> None:
        super().__init__()
        # a parameter (not trained) so that the flow has a parameter dtype, like the lab's Flow
        self.data = nn.Parameter(torch.as_tensor(data).clone(), requires_grad=False)
        self.dim = int(self.data.shape[1])

    def forward(self, x_t: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        t = _check_t(x_t, t)
        data = self.data.to(x_t.dtype)
        logits = -((x_t[:, None, :] - t[:, :, None] * data[None]) ** 2).sum(-1)
        logits = logits / (2 * (1 - t) ** 2)
        w = torch.softmax(logits, dim=1)
        return (w @ data - x_t) / (1 - t)

    def euler_step(self, x_t: torch.Tensor, t: torch.Tensor, stepsize: float) -> torch.Tensor:
        return x_t + self(x_t, t) * float(stepsize)


class EulerSpy(nn.Module):
    """Records how ``euler_step`` and ``forward`` are called; the field is u(x, t) = scale * x.

    ``calls`` holds one entry per call: ``[method, dtype of t, shape of t, values of t, stepsize]``
    (``stepsize`` is None for ``forward``)."""

    def __init__(self, dim: int = 2, scale: float = 0.5) -> None:
        super().__init__()
        self.dim = int(dim)
        self.scale = float(scale)
        self.anchor = nn.Parameter(torch.zeros(()))  # gives the spy a parameter dtype (float32)
        self.calls: list[list[Any]] = []

    def _record(self, method: str, t: Any, stepsize: Any) -> None:
        if isinstance(t, torch.Tensor):
            values = [float(v) for v in t.detach().reshape(-1).to(torch.float64)]
            entry = [method, str(t.dtype).replace("torch.", ""), list(t.shape), values]
        else:
            entry = [method, type(t).__name__, [], [float(t)] if isinstance(t, int | float) else []]
        step = float(stepsize) if isinstance(stepsize, int | float | torch.Tensor) else None
        self.calls.append(entry + [step])

    def forward(self, x_t: torch.Tensor, t: Any) -> torch.Tensor:
        self._record("forward", t, None)
        return self.scale * x_t

    def euler_step(self, x_t: torch.Tensor, t: Any, stepsize: Any) -> torch.Tensor:
        self._record("euler_step", t, stepsize)
        return x_t + stepsize * self.scale * x_t


class TimeLinearField(nn.Module):
    """u(x, t) = x (A + t B)^T: a linear, time-dependent field whose flow and density the tests
    know exactly (its divergence is tr A + t tr B)."""

    def __init__(self, A: torch.Tensor, B: torch.Tensor) -> None:
        super().__init__()
        self.A = nn.Parameter(torch.as_tensor(A).clone())
        self.B = nn.Parameter(torch.as_tensor(B).clone())
        self.dim = int(self.A.shape[0])

    def forward(self, x_t: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        t = _check_t(x_t, t)
        out: torch.Tensor = x_t @ self.A.T + t * (x_t @ self.B.T)
        return out

    def euler_step(self, x_t: torch.Tensor, t: torch.Tensor, stepsize: float) -> torch.Tensor:
        return x_t + self(x_t, t) * float(stepsize)


class AffineField(nn.Module):
    """A trainable field u(x, t) = x W^T + b + t c (float32 by default): the tests replay a few
    steps of your training loop on it, on their side, and compare."""

    def __init__(
        self, W: torch.Tensor, b: torch.Tensor, c: torch.Tensor, dtype: str = "float32"
    ) -> None:
        super().__init__()
        dt = getattr(torch, dtype)
        self.W = nn.Parameter(torch.as_tensor(W).clone().to(dt))
        self.b = nn.Parameter(torch.as_tensor(b).clone().to(dt))
        self.c = nn.Parameter(torch.as_tensor(c).clone().to(dt))
        self.dim = int(self.W.shape[0])
        self.calls = 0

    def forward(self, x_t: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        t = _check_t(x_t, t)
        self.calls += 1
        out: torch.Tensor = x_t @ self.W.T + self.b + t * self.c
        return out

    def euler_step(self, x_t: torch.Tensor, t: torch.Tensor, stepsize: float) -> torch.Tensor:
        return x_t + self(x_t, t) * float(stepsize)


class LinearDensity(nn.Module):
    """A trainable linear flow z = x A^T + b with a standard normal base (float32 by default):
    ``forward``, ``inverse`` and ``log_prob`` like a FlowSequence, so the tests can replay a few
    steps of your maximum-likelihood loop on their side."""

    def __init__(self, A: torch.Tensor, b: torch.Tensor, dtype: str = "float32") -> None:
        super().__init__()
        dt = getattr(torch, dtype)
        self.A = nn.Parameter(torch.as_tensor(A).clone().to(dt))
        self.b = nn.Parameter(torch.as_tensor(b).clone().to(dt))
        self.dim = int(self.A.shape[0])
        self.calls = 0

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        z = x @ self.A.T + self.b
        return z, torch.linalg.slogdet(self.A)[1].expand(x.shape[0])

    def inverse(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        x = torch.linalg.solve(self.A, (z - self.b).T).T
        return x, -torch.linalg.slogdet(self.A)[1].expand(z.shape[0])

    def log_prob(self, x: torch.Tensor) -> torch.Tensor:
        self.calls += 1
        latent, logabsdet = self(x)
        return -0.5 * latent.pow(2).sum(-1) - 0.5 * self.dim * math.log(2 * math.pi) + logabsdet
