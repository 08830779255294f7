"""Helpers for HW13 (Langevin sampling, EBMs): exact targets, small energies, test harnesses.

Non-secret: shipped with the homework and loaded next to your notebook when it is graded. You do
not need this module to solve the homework; the check cells and the demo use the exact targets.

Conventions: a log-density maps x (B, D) to (B,); a score maps x (B, D) to (B, D); a
noise-conditional score is called as ``score(x, sigma)`` with ``sigma`` a Python float; an energy
maps x (B, D) to (B,). Every callable returns the dtype of ``x``. Nothing here decides a grade: the
tests only use these objects to build inputs next to your code and compare values on their side.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn

__all__ = [
    "GaussianLogDensity",
    "GaussianScore",
    "MLPEnergy",
    "MixtureLogDensity",
    "MixtureScore",
    "NoisyGaussianScore",
    "NoisyMixtureScore",
    "QuadraticEnergy",
    "ScaledQuadraticEnergy",
    "SigmaSpy",
    "cd_loss_and_grads",
    "energy_grad_report",
    "mala_chain",
]


def _f64(v: Any) -> torch.Tensor:
    return torch.as_tensor(v, dtype=torch.float64).clone()


class GaussianLogDensity:
    """log N(x; mean, var I), summed over the last axis: (B, D) -> (B,)."""

    def __init__(self, mean: Any = 0.0, var: float = 1.0) -> None:
        self.mean, self.var = _f64(mean), float(var)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        z = (x.to(torch.float64) - self.mean) ** 2 / self.var
        out = -0.5 * (z + math.log(2 * math.pi * self.var)).sum(-1)
        return out.to(x.dtype)


class GaussianScore:
    """The score of N(mean, var I): -(x - mean) / var, shape of x."""

    def __init__(self, mean: Any = 0.0, var: float = 1.0) -> None:
        self.mean, self.var = _f64(mean), float(var)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return (-(x.to(torch.float64) - self.mean) / self.var).to(x.dtype)


class NoisyGaussianScore:
    """score(x, sigma) of N(mean, var I) convolved with N(0, sigma² I): -(x - mean) / (var + sigma²)."""

    def __init__(self, mean: Any = 0.0, var: float = 1.0) -> None:
        self.mean, self.var = _f64(mean), float(var)

    def __call__(self, x: torch.Tensor, sigma: float) -> torch.Tensor:
        return (-(x.to(torch.float64) - self.mean) / (self.var + float(sigma) ** 2)).to(x.dtype)


class _Mixture:
    """Σ_k w_k N(means[k], std² I) with ``means`` of shape (K, D)."""

    def __init__(self, weights: Sequence[float], means: Any, std: float = 1.0) -> None:
        w = _f64(weights)
        self.log_w = (w / w.sum()).log()
        self.means = _f64(means).reshape(len(w), -1)
        self.std = float(std)

    def _parts(self, x: torch.Tensor, var: float) -> tuple[torch.Tensor, torch.Tensor]:
        xf = x.to(torch.float64)
        diff = self.means[None, :, :] - xf[:, None, :]  # (B, K, D)
        d = xf.shape[-1]
        logits = self.log_w - 0.5 * (diff**2).sum(-1) / var - 0.5 * d * math.log(2 * math.pi * var)
        return logits, diff

    def log_density(self, x: torch.Tensor, var: float) -> torch.Tensor:
        logits, _ = self._parts(x, var)
        return torch.logsumexp(logits, -1).to(x.dtype)

    def score(self, x: torch.Tensor, var: float) -> torch.Tensor:
        logits, diff = self._parts(x, var)
        r = torch.softmax(logits, -1)  # (B, K)
        return ((r[:, :, None] * diff).sum(1) / var).to(x.dtype)


class MixtureLogDensity(_Mixture):
    """log p(x) of the mixture Σ_k w_k N(means[k], std² I): (B, D) -> (B,)."""

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return self.log_density(x, self.std**2)


class MixtureScore(_Mixture):
    """The score ∇ log p(x) of the mixture Σ_k w_k N(means[k], std² I)."""

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return self.score(x, self.std**2)


class NoisyMixtureScore(_Mixture):
    """score(x, sigma): the exact score of the mixture convolved with N(0, sigma² I)."""

    def __call__(self, x: torch.Tensor, sigma: float) -> torch.Tensor:
        return self.score(x, self.std**2 + float(sigma) ** 2)


class SigmaSpy:
    """A noise-conditional score that records its calls and returns -scale * x.

    ``calls`` holds, per call, ``[type name of sigma, float(sigma), number of rows of x]``.
    """

    def __init__(self, scale: float = 0.0) -> None:
        self.scale = float(scale)
        self.calls: list[list[Any]] = []

    def __call__(self, x: torch.Tensor, sigma: Any) -> torch.Tensor:
        value = float(sigma) if isinstance(sigma, int | float | torch.Tensor) and torch.as_tensor(sigma).numel() == 1 else math.nan
        self.calls.append([type(sigma).__name__, value, int(x.shape[0])])
        return -self.scale * x


class QuadraticEnergy(nn.Module):
    """E(x) = ½ xᵀ P x row by row (P need not be symmetric; the gradient is ½ (P + Pᵀ) x)."""

    def __init__(self, p: Any) -> None:
        super().__init__()
        self.register_buffer("p", _f64(p))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        p = self.p.to(x.dtype)
        return 0.5 * ((x @ p) * x).sum(-1)


class ScaledQuadraticEnergy(nn.Module):
    """E_θ(x) = ½ θ ‖x‖² with a learnable scalar θ (float64)."""

    def __init__(self, theta: float = 1.0) -> None:
        super().__init__()
        self.theta = nn.Parameter(torch.tensor(float(theta), dtype=torch.float64))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return 0.5 * self.theta.to(x.dtype) * (x * x).sum(-1)


class MLPEnergy(nn.Module):
    """A small tanh MLP energy R^D -> R with seeded weights: (B, D) -> (B,)."""

    def __init__(self, d: int, hidden: int = 16, seed: int = 0, dtype: str = "float64") -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d, hidden), nn.Tanh(), nn.Linear(hidden, 1))
        gen = torch.Generator().manual_seed(int(seed))
        with torch.no_grad():
            for _, p in sorted(self.named_parameters(), key=lambda kv: kv[0]):
                p.copy_(0.7 * torch.randn(p.shape, generator=gen, dtype=torch.float64))
        self.to(getattr(torch, dtype))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.net(x).squeeze(-1)
        return out


def _params(module: nn.Module) -> list[nn.Parameter]:
    return [p for _, p in sorted(module.named_parameters(), key=lambda kv: kv[0])]


def energy_grad_report(fn: Callable[..., Any], energy: nn.Module, x: torch.Tensor, no_grad: bool = False
                       ) -> tuple[Any, bool, list[bool], bool]:
    """Calls ``fn(energy, x)`` (under ``torch.no_grad()`` if asked) with every parameter's .grad cleared.

    Returns (result detached, whether the result required grad, for each parameter whether its .grad
    was set by the call, whether x was left without a .grad).
    """
    for p in _params(energy):
        p.grad = None
    x = x.clone()
    if no_grad:
        with torch.no_grad():
            out = fn(energy, x)
    else:
        out = fn(energy, x)
    needs = bool(isinstance(out, torch.Tensor) and out.requires_grad)
    touched = [p.grad is not None for p in _params(energy)]
    value = out.detach() if isinstance(out, torch.Tensor) else out
    return value, needs, touched, x.grad is None


def cd_loss_and_grads(fn: Callable[..., Any], energy: nn.Module, x_data: torch.Tensor, x_model: torch.Tensor,
                      alpha_reg: float = 0.0) -> tuple[Any, list[torch.Tensor | None], torch.Tensor | None]:
    """``fn(energy, x_data, x_model, alpha_reg)`` then backward, with x_model a leaf that requires grad.

    Returns (loss detached, the gradient of every parameter (sorted names; None if unused), the
    gradient that reached x_model (None if none did)).
    """
    for p in _params(energy):
        p.grad = None
    xm = x_model.clone().requires_grad_(True)
    loss = fn(energy, x_data, xm, alpha_reg)
    if isinstance(loss, torch.Tensor) and loss.requires_grad:
        loss.backward()
    grads = [None if p.grad is None else p.grad.detach().clone() for p in _params(energy)]
    out = loss.detach() if isinstance(loss, torch.Tensor) else loss
    return out, grads, None if xm.grad is None else xm.grad.detach().clone()


def mala_chain(step: Callable[..., Any], log_p: Callable[..., Any], grad_log_p: Callable[..., Any],
               x0: torch.Tensor, h: float, n_steps: int, seed: int = 0) -> tuple[torch.Tensor, float]:
    """Runs ``step(x, log_p, grad_log_p, h, noise, u)`` ``n_steps`` times, drawing noise and u from a
    generator seeded with ``seed``; returns the final x and the mean acceptance rate."""
    gen = torch.Generator().manual_seed(int(seed))
    x, accepted = x0, 0.0
    for _step in range(int(n_steps)):
        noise = torch.randn(x.shape, generator=gen, dtype=x.dtype)
        u = torch.rand(x.shape[0], generator=gen, dtype=x.dtype)
        x, acc = step(x, log_p, grad_log_p, h, noise, u)
        accepted += float(torch.as_tensor(acc, dtype=torch.float64).mean())
    return x, accepted / max(n_steps, 1)
