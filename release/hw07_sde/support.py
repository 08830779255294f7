"""Helpers for HW07 (SDEs and score matching): drifts, diffusions, exact scores, small test models.

Non-secret: shipped with the homework and loaded next to your notebook when it is graded. You do
not need this module to solve the homework; the demos at the end of the notebook use
``GaussianScore`` to sample without training anything.

Calling conventions (the same as the homework's):

* a drift is called as ``drift(x, t)`` with ``t`` a Python float and returns a tensor like ``x``;
  a diffusion coefficient as ``diffusion(t)`` and returns a float; ``beta_fn(t)`` returns a float;
* a score model is called as ``score(x, t)`` with ``t`` a tensor of shape (B,) (one time per
  sample, in the dtype of ``x``) and returns a tensor like ``x``.

Nothing here decides a grade: the tests only use these objects to build inputs next to your code,
and compare values on their side.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

__all__ = [
    "ConstantDiffusion",
    "GaussianScore",
    "LinearBeta",
    "MixtureScoreFrom",
    "OUDrift",
    "ScoreMLP",
    "SineBeta",
    "SpyDrift",
    "SpyScore",
    "TimeDrift",
    "VPDiffusion",
    "VPDrift",
    "langevin_chain",
    "loss_and_grads",
]


def _float_t(t: Any, who: str) -> float:
    """The course's convention for drifts and diffusions: t is a Python float (a 0-dim tensor is accepted)."""
    if isinstance(t, torch.Tensor):
        if t.numel() != 1:
            raise TypeError(f"{who} expects t as a float (one time for the whole batch); got a tensor of shape {tuple(t.shape)}")
        return float(t)
    if isinstance(t, int | float):
        return float(t)
    raise TypeError(f"{who} expects t as a float; got {type(t).__name__}")


def _batch_t(x: torch.Tensor, t: Any, who: str) -> torch.Tensor:
    """The course's convention for score models: t is a tensor of shape (B,) in the dtype of x."""
    if not isinstance(t, torch.Tensor) or tuple(t.shape) != (x.shape[0],) or not t.is_floating_point():
        what = f"a {t.dtype} tensor of shape {tuple(t.shape)}" if isinstance(t, torch.Tensor) else f"{type(t).__name__} {t!r}"
        raise TypeError(
            f"{who}(x, t) expects t as a floating-point tensor of shape ({x.shape[0]},) (one time per sample); "
            f"it was called with {what}"
        )
    return t


def _vp(t: torch.Tensor, beta_min: float, beta_max: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(a_t, sigma_t^2) of the VP SDE, float64."""
    t = t.to(torch.float64)
    integral = beta_min * t + (beta_max - beta_min) * t * t / 2
    return torch.exp(-integral / 2), -torch.expm1(-integral)


# -- drifts and diffusions (t a float) -----------------------------------------------------------
class OUDrift:
    """f(x, t) = -theta * x: the Ornstein-Uhlenbeck drift."""

    def __init__(self, theta: float) -> None:
        self.theta = float(theta)

    def __call__(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        _float_t(t, "drift")
        return -self.theta * x


class TimeDrift:
    """f(x, t) = -theta * x + c * cos(omega * t), c broadcast against one sample: depends on x and on t."""

    def __init__(self, theta: float, c: Any, omega: float = 3.0) -> None:
        self.theta, self.omega = float(theta), float(omega)
        self.c = torch.as_tensor(c, dtype=torch.float64)

    def __call__(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        tf = _float_t(t, "drift")
        return -self.theta * x + (self.c * math.cos(self.omega * tf)).to(x.dtype)


class ConstantDiffusion:
    """g(t) = sigma."""

    def __init__(self, sigma: float) -> None:
        self.sigma = float(sigma)

    def __call__(self, t: Any) -> float:
        _float_t(t, "diffusion")
        return self.sigma


class VPDrift:
    """f(x, t) = -beta(t) x / 2, the drift of the VP SDE with beta(t) = beta_min + t (beta_max - beta_min)."""

    def __init__(self, beta_min: float = 0.1, beta_max: float = 20.0) -> None:
        self.beta_min, self.beta_max = float(beta_min), float(beta_max)

    def __call__(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        tf = _float_t(t, "drift")
        return -0.5 * (self.beta_min + tf * (self.beta_max - self.beta_min)) * x


class VPDiffusion:
    """g(t) = sqrt(beta(t)), the diffusion coefficient of the VP SDE."""

    def __init__(self, beta_min: float = 0.1, beta_max: float = 20.0) -> None:
        self.beta_min, self.beta_max = float(beta_min), float(beta_max)

    def __call__(self, t: Any) -> float:
        tf = _float_t(t, "diffusion")
        return math.sqrt(self.beta_min + tf * (self.beta_max - self.beta_min))


class LinearBeta:
    """beta(t) = beta_min + t (beta_max - beta_min), as a float."""

    def __init__(self, beta_min: float = 0.1, beta_max: float = 20.0) -> None:
        self.beta_min, self.beta_max = float(beta_min), float(beta_max)

    def __call__(self, t: Any) -> float:
        return self.beta_min + _float_t(t, "beta_fn") * (self.beta_max - self.beta_min)


class SineBeta:
    """beta(t) = 1 + 5 sin(3 t)^2 (positive, not linear): a schedule with no special structure."""

    def __call__(self, t: Any) -> float:
        return 1.0 + 5.0 * math.sin(3.0 * _float_t(t, "beta_fn")) ** 2


class SpyDrift:
    """Records every call, returns ``-theta * x``. ``drift_calls`` / ``diffusion_calls`` hold the times as floats,
    ``time_types`` the type name of every time the drift and the diffusion were given (``"float"`` by the convention).

    ``drift`` and ``diffusion`` are the two callables to hand to a solver (``diffusion`` returns ``sigma``).
    """

    def __init__(self, theta: float = 0.5, sigma: float = 0.0) -> None:
        self.theta, self.sigma = float(theta), float(sigma)
        self.drift_calls: list[float] = []
        self.diffusion_calls: list[float] = []
        self.shapes: list[list[int]] = []
        self.time_types: list[str] = []

    def drift(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        self.time_types.append(type(t).__name__)
        self.drift_calls.append(_float_t(t, "drift"))
        self.shapes.append(list(x.shape))
        return -self.theta * x

    def diffusion(self, t: Any) -> float:
        self.time_types.append(type(t).__name__)
        self.diffusion_calls.append(_float_t(t, "diffusion"))
        return self.sigma


# -- score models (t a tensor of shape (B,)) -------------------------------------------------------
class GaussianScore(nn.Module):
    """The exact score of the VP-SDE marginal p_t for data x_0 ~ N(mean, diag(std^2)), coordinate-wise.

    p_t = N(a_t mean, a_t^2 std^2 + sigma_t^2), so grad log p_t(x) = -(x - a_t mean) / (a_t^2 std^2 + sigma_t^2),
    with a_t, sigma_t of the VP SDE (beta_min, beta_max). ``mean`` and ``std`` broadcast against one sample.
    """

    def __init__(self, mean: Any = 0.0, std: Any = 1.0, beta_min: float = 0.1, beta_max: float = 20.0) -> None:
        super().__init__()
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float64).clone())
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float64).clone())
        self.beta_min, self.beta_max = float(beta_min), float(beta_max)

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        t = _batch_t(x, t, "score")
        a, s2 = _vp(t, self.beta_min, self.beta_max)
        shape = (x.shape[0],) + (1,) * (x.dim() - 1)
        a, s2 = a.reshape(shape), s2.reshape(shape)
        out = -(x.to(torch.float64) - a * self.mean) / (a * a * self.std**2 + s2)
        return out.to(x.dtype)


class MixtureScoreFrom:
    """The score of the VP-SDE marginal of mixture data, built from a function ``gmm_score``.

    Data x_0 ~ sum_k w_k N(means[k], stds[k]^2 I). Then p_t = sum_k w_k N(a_t means[k], (a_t^2 stds[k]^2 + sigma_t^2) I)
    is again an isotropic mixture, so its score is ``gmm_score(x, weights, a_t means, sqrt(a_t^2 stds^2 + sigma_t^2))``.
    ``gmm_score`` is any function with the homework's signature (e.g. yours); for a batch whose samples have
    different times it is called once per distinct time.
    """

    def __init__(self, gmm_score: Callable[..., torch.Tensor], weights: Any, means: Any, stds: Any,
                 beta_min: float = 0.1, beta_max: float = 20.0) -> None:
        self.gmm_score = gmm_score
        self.weights = torch.as_tensor(weights, dtype=torch.float64)
        self.means = torch.as_tensor(means, dtype=torch.float64)
        self.stds = torch.as_tensor(stds, dtype=torch.float64)
        self.beta_min, self.beta_max = float(beta_min), float(beta_max)

    def __call__(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        t = _batch_t(x, t, "score")
        if bool((t == t[0]).all()):  # one time for the whole batch (as during sampling): one call
            return self._at(x, t[:1])
        out = torch.empty_like(x)
        for tv in torch.unique(t):
            rows = t == tv
            out[rows] = self._at(x[rows], tv.reshape(1))
        return out

    def _at(self, x: torch.Tensor, tv: torch.Tensor) -> torch.Tensor:
        a, s2 = _vp(tv, self.beta_min, self.beta_max)
        stds = (a * a * self.stds**2 + s2).sqrt()
        dt = x.dtype
        out: torch.Tensor = self.gmm_score(x, self.weights.to(dt), (a * self.means).to(dt), stds.to(dt))
        return out


class ScoreMLP(nn.Module):
    """A small tanh MLP s(x, t) with seeded weights, fed t as an extra input (stands for a trained network)."""

    def __init__(self, dim: int, hidden: int = 16, seed: int = 0, dtype: str = "float64") -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim + 1, hidden), nn.Tanh(), nn.Linear(hidden, dim))
        gen = torch.Generator().manual_seed(seed)
        for _, p in sorted(self.net.named_parameters(), key=lambda kv: kv[0]):
            p.data.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64) * 0.5)
        self.net.to(getattr(torch, dtype))

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        t = _batch_t(x, t, "score")
        out: torch.Tensor = self.net(torch.cat([x, t.to(x.dtype)[:, None]], dim=-1))
        return out


class SpyScore(nn.Module):
    """Records how it is called, returns ``scale * x``.

    ``calls`` holds, per call, ``[dtype name of t, shape of t, values of t, values of x]`` (as lists), so a test can
    check the calling convention: t a tensor of shape (B,) holding the current time. ``grad_enabled`` holds, per call,
    whether autograd was recording (``torch.is_grad_enabled()``).
    """

    def __init__(self, scale: float = -0.5) -> None:
        super().__init__()
        self.scale = float(scale)
        self.calls: list[list[Any]] = []
        self.grad_enabled: list[bool] = []

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        self.grad_enabled.append(torch.is_grad_enabled())
        if isinstance(t, torch.Tensor):
            self.calls.append([str(t.dtype).replace("torch.", ""), list(t.shape), t.reshape(-1).tolist(), x.tolist()])
        else:
            self.calls.append([type(t).__name__, [], [t] if isinstance(t, int | float) else [], x.tolist()])
        return self.scale * x


# -- runners ----------------------------------------------------------------------------------------
@torch.no_grad()
def langevin_chain(step: Callable[..., torch.Tensor], score: Any, x: torch.Tensor, t: float,
                   step_size: float, n_steps: int, seed: int = 0) -> torch.Tensor:
    """Apply ``step(score, x, t, step_size, z)`` (a ``langevin_step``) n_steps times, z ~ N(0, I) from a seeded generator."""
    gen = torch.Generator().manual_seed(int(seed))
    for _ in range(int(n_steps)):
        z = torch.randn(x.shape, generator=gen, dtype=x.dtype)
        x = step(score, x, t, step_size, z)
    return x


def loss_and_grads(loss_fn: Callable[..., torch.Tensor], model: nn.Module, *args: Any
                   ) -> tuple[torch.Tensor, list[torch.Tensor | None]]:
    """``loss_fn(model, *args)``, then backward: the loss and the gradient of every parameter (sorted by name).

    A gradient is None when the loss does not depend on that parameter (e.g. it was detached).
    """
    params = [p for _, p in sorted(model.named_parameters(), key=lambda kv: kv[0])]
    for p in params:
        p.grad = None
    loss = loss_fn(model, *args)
    loss.backward()
    return loss.detach(), [None if p.grad is None else p.grad.detach().clone() for p in params]
