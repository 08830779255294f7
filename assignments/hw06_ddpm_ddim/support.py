"""Helpers for HW06 (DDPM and DDIM): exact noise predictors and small test models.

Non-secret: shipped with the homework and loaded next to your notebook when it is graded.
You do not need this module to solve the homework; the demo at the end of the notebook uses
``GaussianEps`` and ``MixtureEps`` to sample without training anything.

Every model here follows the course's calling convention ``eps_model(x_t, t)`` with ``t`` a
LongTensor of shape (B,), and carries the schedule it belongs to as the attribute
``alpha_bar`` (length T + 1, ``alpha_bar[0] = 1``). Nothing here decides a grade: the tests
only use these objects to build inputs next to your code, and compare values on their side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

__all__ = [
    "EpsMLP",
    "GaussianEps",
    "MixtureEps",
    "SpyEps",
    "TrueNoiseEps",
    "ddpm_chain",
    "loss_and_grads",
]


def _check_t(x: torch.Tensor, t: Any) -> torch.Tensor:
    """The course's convention: t is a LongTensor of shape (B,)."""
    if not isinstance(t, torch.Tensor) or t.dtype != torch.long or tuple(t.shape) != (x.shape[0],):
        what = (
            f"a {t.dtype} tensor of shape {tuple(t.shape)}"
            if isinstance(t, torch.Tensor)
            else f"{type(t).__name__} {t!r}"
        )
        raise TypeError(
            f"eps_model(x_t, t) expects t as a LongTensor of shape ({x.shape[0]},) "
            f"(one integer step per sample); it was called with {what}"
        )
    return t


def _per_sample(a: torch.Tensor, t: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """a[t] in float64 with shape (B, 1, ..., 1), to broadcast against x."""
    shape = (x.shape[0],) + (1,) * (x.dim() - 1)
    return a.to(torch.float64)[t].reshape(shape)


class GaussianEps(nn.Module):
    """The exact noise predictor for data x_0 ~ N(mean, diag(std²)), coordinate-wise.

    Under q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) the marginal is
    p_t = N(√ᾱ_t mean, ᾱ_t std² + 1 − ᾱ_t), and the best noise prediction is
    ε*(x_t, t) = E[ε | x_t] = −√(1 − ᾱ_t) ∇ log p_t(x_t) = √(1 − ᾱ_t) (x_t − √ᾱ_t mean) / (ᾱ_t std² + 1 − ᾱ_t).
    ``mean`` and ``std`` broadcast against one sample (a scalar, or shape (D,)).
    """

    def __init__(self, alpha_bar: torch.Tensor, mean: Any = 0.0, std: Any = 1.0) -> None:
        super().__init__()
        ab = torch.as_tensor(alpha_bar)
        self.register_buffer("alpha_bar", ab.clone())
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float64).clone())
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float64).clone())

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        t = _check_t(x, t)
        ab = _per_sample(self.alpha_bar, t, x)
        var = ab * self.std**2 + 1 - ab
        eps = (1 - ab).sqrt() * (x.to(torch.float64) - ab.sqrt() * self.mean) / var
        return eps.to(x.dtype)


class MixtureEps(nn.Module):
    """The exact noise predictor for a mixture of isotropic Gaussians.

    Data: x_0 ~ Σ_k w_k N(means[k], std² I) with ``means`` of shape (K, D). Then
    p_t = Σ_k w_k N(√ᾱ_t means[k], (ᾱ_t std² + 1 − ᾱ_t) I), and ε* = −√(1 − ᾱ_t) ∇ log p_t.
    """

    def __init__(
        self, alpha_bar: torch.Tensor, means: Any, std: float = 0.1, weights: Any = None
    ) -> None:
        super().__init__()
        means = torch.as_tensor(means, dtype=torch.float64)
        k = means.shape[0]
        w = torch.full((k,), 1.0 / k, dtype=torch.float64) if weights is None else torch.as_tensor(weights, dtype=torch.float64)
        self.register_buffer("alpha_bar", torch.as_tensor(alpha_bar).clone())
        self.register_buffer("means", means.clone())
        self.register_buffer("log_w", (w / w.sum()).log())
        self.std = float(std)

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        t = _check_t(x, t)
        ab = self.alpha_bar[t].to(torch.float64)[:, None]  # (B, 1)
        xf = x.to(torch.float64).reshape(x.shape[0], -1)  # (B, D)
        var = ab * self.std**2 + 1 - ab  # (B, 1)
        centres = ab.sqrt()[:, :, None] * self.means.T[None]  # (B, D, K)
        diff = xf[:, :, None] - centres  # (B, D, K)
        logits = self.log_w - 0.5 * (diff**2).sum(1) / var  # (B, K)
        r = torch.softmax(logits, dim=-1)  # responsibilities
        eps = (1 - ab).sqrt() * (diff * r[:, None, :]).sum(-1) / var
        return eps.reshape(x.shape).to(x.dtype)


class TrueNoiseEps(nn.Module):
    """The model that "knows" x_0: it returns the noise that turns x_0 into x_t.

    ε(x_t, t) = (x_t − √ᾱ_t x_0) / √(1 − ᾱ_t), for t ≥ 1. Plugged into a reverse step, the
    model's guess of x_0 is exactly x_0.
    """

    def __init__(self, x0: torch.Tensor, alpha_bar: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("x0", torch.as_tensor(x0).clone())
        self.register_buffer("alpha_bar", torch.as_tensor(alpha_bar).clone())

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        t = _check_t(x, t)
        ab = _per_sample(self.alpha_bar, t, x)
        eps = (x.to(torch.float64) - ab.sqrt() * self.x0.to(torch.float64)) / (1 - ab).sqrt()
        return eps.to(x.dtype)


class EpsMLP(nn.Module):
    """A small tanh MLP ε(x, t) with seeded weights, fed t / T as an extra input.

    Stands for a trained network: its output depends on x and on t in no simple way.
    """

    def __init__(
        self, alpha_bar: torch.Tensor, dim: int, hidden: int = 16, seed: int = 0, dtype: str = "float64"
    ) -> None:
        super().__init__()
        self.register_buffer("alpha_bar", torch.as_tensor(alpha_bar).clone())
        self.T = int(self.alpha_bar.shape[0]) - 1
        self.net = nn.Sequential(nn.Linear(dim + 1, hidden), nn.Tanh(), nn.Linear(hidden, dim))
        gen = torch.Generator().manual_seed(seed)
        for _, p in sorted(self.net.named_parameters(), key=lambda kv: kv[0]):
            p.data.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64) * 0.5)
        self.net.to(getattr(torch, dtype))

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        t = _check_t(x, t)
        tt = (t.to(x.dtype) / self.T)[:, None]
        out: torch.Tensor = self.net(torch.cat([x, tt], dim=-1))
        return out


class SpyEps(nn.Module):
    """Records how it is called, returns ``scale * x``.

    ``calls`` holds, per call, ``[dtype name, shape, values of t]`` (values as ints), so a test
    can check the calling convention: t a LongTensor of shape (B,) holding the current step.
    ``grad_enabled`` holds, per call, whether autograd was recording (``torch.is_grad_enabled()``).
    """

    def __init__(self, alpha_bar: torch.Tensor, scale: float = 0.1) -> None:
        super().__init__()
        self.register_buffer("alpha_bar", torch.as_tensor(alpha_bar).clone())
        self.scale = float(scale)
        self.calls: list[list[Any]] = []
        self.grad_enabled: list[bool] = []

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        self.grad_enabled.append(bool(torch.is_grad_enabled()))
        if isinstance(t, torch.Tensor):
            self.calls.append([str(t.dtype).replace("torch.", ""), list(t.shape), [int(v) for v in t.reshape(-1)]])
        else:
            self.calls.append([type(t).__name__, [], [t] if isinstance(t, int) else []])
        return self.scale * x


@torch.no_grad()
def ddpm_chain(
    step: Callable[..., torch.Tensor],
    eps_model: nn.Module,
    shape: list[int],
    betas: torch.Tensor,
    alpha_bar: torch.Tensor,
    var_type: str = "posterior",
    seed: int = 0,
) -> torch.Tensor:
    """Run ``step`` (a ``ddpm_step``) from t = T down to 1, with noise from a seeded generator.

    x_T ~ N(0, I) and one z ~ N(0, I) per step, in the dtype of ``alpha_bar``.
    """
    gen = torch.Generator().manual_seed(int(seed))
    dtype = torch.as_tensor(alpha_bar).dtype
    T = int(torch.as_tensor(alpha_bar).shape[0]) - 1
    x = torch.randn(tuple(shape), generator=gen, dtype=dtype)
    for t in range(T, 0, -1):
        z = torch.randn(tuple(shape), generator=gen, dtype=dtype)
        x = step(eps_model, x, t, z, betas, alpha_bar, var_type=var_type)
    return x


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
    loss.backward()
    return loss.detach(), [None if p.grad is None else p.grad.detach().clone() for p in params]
