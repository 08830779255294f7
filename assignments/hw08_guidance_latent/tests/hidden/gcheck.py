"""Trusted-side references shared by the HW08 hidden tests (never released).

Computed here, independently of the reference solution: scores of a 1-D two-class Gaussian mixture
by autograd, the Bayes classifier of class-conditional Gaussians, a DDIM sampler that calls the code
under test once per step, patch tokens by explicit loops, attention by einsum in float64.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch

F32 = torch.float32
F64 = torch.float64


def expect_tensor(value: Any, shape: Any, dtype: torch.dtype, what: str) -> torch.Tensor:
    assert isinstance(value, torch.Tensor), f"{what} should be a torch.Tensor; got {type(value).__name__}"
    assert tuple(value.shape) == tuple(shape), f"{what} has shape {tuple(value.shape)}; expected {tuple(shape)}"
    assert value.dtype == dtype, f"{what} has dtype {value.dtype}; expected {dtype}"
    assert bool(torch.isfinite(value).all()), f"{what} contains NaN or inf"
    return value.detach()


def max_err(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a.to(F64) - b.to(F64)).abs().max()) if a.numel() else 0.0


def close(got: torch.Tensor, want: torch.Tensor, dtype: torch.dtype) -> bool:
    """float64: 1e-10 relative; float32: float32 accuracy against a float64 computation."""
    tol = 1e-10 if dtype == F64 else 1e-5
    return bool(((got.to(F64) - want.to(F64)).abs() <= tol * (1 + want.to(F64).abs())).all())


def randn(shape: Any, seed: int, dtype: torch.dtype = F64, scale: float = 1.0) -> torch.Tensor:
    gen = torch.Generator().manual_seed(int(seed))
    return (scale * torch.randn(tuple(shape), generator=gen, dtype=F64)).to(dtype)


# -- a 1-D two-class mixture with exact scores -------------------------------------------------------
class Mixture1D:
    """p(y) = pi_y, p(x | y) = N(mu_y, s_y^2), y in {0, 1}."""

    def __init__(self, pi: float, mu: tuple[float, float], s: tuple[float, float]) -> None:
        self.log_pi = torch.log(torch.tensor([pi, 1 - pi], dtype=F64))
        self.mu = torch.tensor(mu, dtype=F64)
        self.s = torch.tensor(s, dtype=F64)

    def log_joint(self, x: torch.Tensor) -> torch.Tensor:
        """(N, 2): log p(x, y) for y = 0, 1."""
        z = (x[:, None] - self.mu) / self.s
        return self.log_pi - 0.5 * z**2 - torch.log(self.s) - 0.5 * math.log(2 * math.pi)

    def scores(self, x: torch.Tensor, y: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(grad log p(x | y), grad log p(x), grad log p(y | x)) by autograd, each (N,)."""
        xx = x.detach().clone().requires_grad_(True)
        lj = self.log_joint(xx)
        cond = lj[:, y] - self.log_pi[y]
        marg = torch.logsumexp(lj, dim=1)
        post = lj[:, y] - marg
        g = [torch.autograd.grad(v.sum(), xx, retain_graph=True)[0] for v in (cond, marg, post)]
        return g[0], g[1], g[2]


# -- class-conditional Gaussians in 2-D: the Bayes classifier and a DDIM sampler ----------------------
def linear_alpha_bar(T: int = 1000) -> torch.Tensor:
    betas = torch.cat([torch.zeros(1, dtype=F64), torch.linspace(1e-4, 0.02, T, dtype=F64)])
    return torch.cumprod(1 - betas, 0)


def log_p_y_given_x(x: torch.Tensor, y: torch.Tensor, means: torch.Tensor, std: float) -> torch.Tensor:
    """Equal class weights, N(means[k], std^2 I): log p(y | x) per sample."""
    d2 = ((x[:, None, :] - means[None]) ** 2).sum(-1)  # (N, K)
    logits = -0.5 * d2 / std**2
    return logits.gather(1, y[:, None]).squeeze(1) - torch.logsumexp(logits, dim=1)


def ddim_sample(student: Any, model: Any, y: torch.Tensor, w: float, null_id: int, alpha_bar: torch.Tensor,
                steps: int = 50, seed: int = 0, dim: int = 2) -> torch.Tensor:
    """DDIM (eta = 0) from x_T ~ N(0, I), one call of student.cfg_eps per step (computed on this side)."""
    T = alpha_bar.shape[0] - 1
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(y.shape[0], dim, generator=gen, dtype=F64)
    ts = list(range(T, 0, -T // steps))
    for i, t in enumerate(ts):
        t_prev = ts[i + 1] if i + 1 < len(ts) else 0
        eps = student.cfg_eps(model, x, torch.full((y.shape[0],), t, dtype=torch.long), y, w, null_id)
        eps = expect_tensor(eps, x.shape, F64, f"cfg_eps at t = {t}")
        x0 = (x - (1 - alpha_bar[t]).sqrt() * eps) / alpha_bar[t].sqrt()
        x = alpha_bar[t_prev].sqrt() * x0 + (1 - alpha_bar[t_prev]).sqrt() * eps
    return x


# -- patches and attention ------------------------------------------------------------------------------
def patchify_loops(x: torch.Tensor, p: int) -> torch.Tensor:
    B, C, H, W = x.shape
    out = torch.empty(B, (H // p) * (W // p), p * p * C, dtype=x.dtype)
    for r in range(H // p):
        for c in range(W // p):
            n = r * (W // p) + c
            for i in range(p):
                for j in range(p):
                    for k in range(C):
                        out[:, n, (i * p + j) * C + k] = x[:, k, r * p + i, c * p + j]
    return out


def attention_reference(x, context, Wq, Wk, Wv, mask=None) -> torch.Tensor:
    x, context, Wq, Wk, Wv = (a.to(F64) for a in (x, context, Wq, Wk, Wv))
    q = torch.einsum("bnd,dk->bnk", x, Wq)
    k = torch.einsum("bmc,ck->bmk", context, Wk)
    v = torch.einsum("bmc,cv->bmv", context, Wv)
    s = torch.einsum("bnk,bmk->bnm", q, k) / math.sqrt(Wq.shape[1])
    if mask is not None:
        s = torch.where(mask[:, None, :], s, torch.tensor(-np.inf, dtype=F64))
    a = torch.exp(s - s.max(-1, keepdim=True).values)
    a = a / a.sum(-1, keepdim=True)
    return torch.einsum("bnm,bmv->bnv", a, v)
