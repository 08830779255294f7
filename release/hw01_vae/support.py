"""Helpers for HW01 (VAE, ELBO, IWAE): small encoders and decoders, and gradient helpers.

Non-secret: shipped with the homework and loaded next to your notebook when it is graded.
You do not need this module to solve the homework; the demo at the end of the notebook uses
``AffineEncoder`` and ``LinearDecoder`` to build the exact posterior of probabilistic PCA.

Every encoder here follows the course's calling convention: ``encoder(x)`` with ``x`` of shape
(B, D) returns the pair (mu, logvar), each of shape (B, dz); every decoder maps latents of
shape (..., dz) (any number of leading axes, e.g. (B, dz), (S * B, dz) or (S, B, dz)) to the
mean of p(x | z), of shape (..., D). Nothing here decides a grade: the tests only use these
objects to build inputs next to your code, and compare the values that come back on their side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

__all__ = [
    "AffineEncoder",
    "CountingEncoder",
    "LinearDecoder",
    "MLPDecoder",
    "MLPEncoder",
    "elbo_and_grads",
    "input_grads",
    "reparameterize_grads",
]


def _seeded_(module: nn.Module, seed: int, std: float) -> None:
    gen = torch.Generator().manual_seed(int(seed))
    with torch.no_grad():
        for _, p in sorted(module.named_parameters(), key=lambda kv: kv[0]):
            p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64).to(p.dtype) * std)


class AffineEncoder(nn.Module):
    """q(z | x) = N(x Aᵀ + c, diag(exp(logvar))): an affine mean and a constant log-variance.

    ``weight`` A has shape (dz, D), ``bias`` c shape (dz,), ``logvar`` shape (dz,). With
    A = M⁻¹Wᵀ, c = −M⁻¹Wᵀb and logvar = log(σ² diag(M⁻¹)) it is the exact posterior of
    probabilistic PCA when WᵀW is diagonal (see the notebook).
    """

    def __init__(
        self, weight: torch.Tensor, bias: torch.Tensor, logvar: torch.Tensor, dtype: str = "float64"
    ) -> None:
        super().__init__()
        dt = getattr(torch, dtype)
        self.weight = nn.Parameter(torch.as_tensor(weight).clone().to(dt))
        self.bias = nn.Parameter(torch.as_tensor(bias).clone().to(dt))
        self.logvar = nn.Parameter(torch.as_tensor(logvar).clone().to(dt))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mu = x @ self.weight.T + self.bias
        return mu, self.logvar.expand(mu.shape).clone()


class MLPEncoder(nn.Module):
    """A small tanh MLP with seeded weights: x (B, D) ↦ (mu, logvar), each (B, dz).

    The log-variance is squashed into (−2, 2) by ``2 tanh``, so that the posterior scales stay
    between e^{-1} and e.
    """

    def __init__(
        self, d_in: int, dz: int, hidden: int = 16, seed: int = 0, dtype: str = "float64"
    ) -> None:
        super().__init__()
        self.dz = int(dz)
        self.net = nn.Sequential(nn.Linear(d_in, hidden), nn.Tanh(), nn.Linear(hidden, 2 * dz))
        _seeded_(self, seed, 0.5)
        self.to(getattr(torch, dtype))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out: torch.Tensor = self.net(x)
        mu, raw = out[..., : self.dz], out[..., self.dz :]
        return mu, 2 * torch.tanh(raw)


class LinearDecoder(nn.Module):
    """The decoder mean z ↦ z Wᵀ + b of probabilistic PCA; ``weight`` W (D, dz), ``bias`` b (D,).

    Accepts latents of shape (..., dz).
    """

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor, dtype: str = "float64") -> None:
        super().__init__()
        dt = getattr(torch, dtype)
        self.weight = nn.Parameter(torch.as_tensor(weight).clone().to(dt))
        self.bias = nn.Parameter(torch.as_tensor(bias).clone().to(dt))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = z @ self.weight.T + self.bias
        return out


class MLPDecoder(nn.Module):
    """A small tanh MLP with seeded weights: z (..., dz) ↦ mean (..., D). ``scale`` multiplies the output."""

    def __init__(
        self,
        dz: int,
        d_out: int,
        hidden: int = 16,
        seed: int = 0,
        scale: float = 1.0,
        dtype: str = "float64",
    ) -> None:
        super().__init__()
        self.scale = float(scale)
        self.net = nn.Sequential(nn.Linear(dz, hidden), nn.Tanh(), nn.Linear(hidden, d_out))
        _seeded_(self, seed + 7_919, 0.7)
        self.to(getattr(torch, dtype))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.scale * self.net(z)
        return out


class CountingEncoder(nn.Module):
    """Wraps an encoder and counts how often it is called (``calls``); returns what it returns."""

    def __init__(self, encoder: nn.Module) -> None:
        super().__init__()
        self.encoder = encoder
        self.calls = 0

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        self.calls += 1
        out: tuple[torch.Tensor, torch.Tensor] = self.encoder(x)
        return out


def reparameterize_grads(
    fn: Callable[..., torch.Tensor], mu: torch.Tensor, logvar: torch.Tensor, eps: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor | None, torch.Tensor | None]:
    """z = fn(mu, logvar, eps), then the gradients of Σ z² with respect to mu and logvar.

    Returns (z, ∂/∂mu, ∂/∂logvar); a gradient is None when Σ z² does not depend on that input
    through autograd (e.g. it was detached).
    """
    mu = mu.detach().clone().requires_grad_(True)
    logvar = logvar.detach().clone().requires_grad_(True)
    z = fn(mu, logvar, eps)
    if isinstance(z, torch.Tensor) and z.requires_grad:
        (z**2).sum().backward()
    out = z.detach() if isinstance(z, torch.Tensor) else z
    grad = lambda t: None if t.grad is None else t.grad.detach().clone()  # noqa: E731
    return out, grad(mu), grad(logvar)


def elbo_and_grads(
    fn: Callable[..., Any],
    x: torch.Tensor,
    encoder: nn.Module,
    decoder: nn.Module,
    eps: torch.Tensor,
    obs_logvar: Any = 0.0,
) -> tuple[Any, list[torch.Tensor | None]]:
    """``out = fn(x, encoder, decoder, eps, obs_logvar)``; its first element when it is a tuple
    (``nelbo`` of ``negative_elbo``), else ``out`` itself (the (B,) bounds of ``iwae_bound``), is
    summed and back-propagated.

    Returns that value and the gradient of every parameter of the encoder, then of the decoder
    (each in sorted-name order); a gradient is None when the value does not depend on that
    parameter.
    """
    params = [p for _, p in sorted(encoder.named_parameters(), key=lambda kv: kv[0])]
    params += [p for _, p in sorted(decoder.named_parameters(), key=lambda kv: kv[0])]
    for p in params:
        p.grad = None
    out = fn(x, encoder, decoder, eps, obs_logvar)
    value = out[0] if isinstance(out, tuple | list) and out else out
    if isinstance(value, torch.Tensor) and value.requires_grad:
        value.sum().backward()
    value = value.detach() if isinstance(value, torch.Tensor) else value
    return value, [None if p.grad is None else p.grad.detach().clone() for p in params]


def input_grads(
    fn: Callable[..., Any], wrt: list[int], *args: Any
) -> tuple[Any, list[torch.Tensor | None]]:
    """``out = fn(*args)``, with the positional arguments numbered in ``wrt`` replaced by copies
    that require grad, then the gradient of ``out.sum()`` with respect to each of them.

    Returns ``out`` and one gradient per index of ``wrt``; a gradient is None when ``out`` does
    not depend on that argument through autograd (e.g. it was detached).
    """
    args = list(args)
    leaves = []
    for i in wrt:
        args[i] = torch.as_tensor(args[i]).detach().clone().requires_grad_(True)
        leaves.append(args[i])
    out = fn(*args)
    if not (isinstance(out, torch.Tensor) and out.requires_grad):
        return out, [None for _ in leaves]
    grads = torch.autograd.grad(out.sum(), leaves, allow_unused=True)
    return out.detach(), [None if g is None else g.detach().clone() for g in grads]
