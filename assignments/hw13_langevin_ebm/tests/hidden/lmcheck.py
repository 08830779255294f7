"""Trusted-side numerics shared by the HW13 hidden tests (never released).

Everything a test compares against is computed here in float64, independently of the reference
solution: ULA, MALA, annealed Langevin and the replay draw re-implemented from their formulas, with
torch generators seeded like the ones handed to the implementation; log-densities and scores from
the same support classes the implementation receives; a Kolmogorov-Smirnov distance to a Gaussian.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from hypothesis import strategies as st

from autograder.testing import check_finite, check_tensor, max_err

F32 = torch.float32
F64 = torch.float64

__all__ = [
    "F32", "F64", "annealed", "chain", "check_finite", "check_tensor", "close", "f32_ok", "ks_normal",
    "ks_threshold", "log_q", "mala", "max_err", "randn", "replay", "shapes",
]


def randn(shape: Any, seed: int, dtype: torch.dtype = F64, scale: float = 1.0) -> torch.Tensor:
    gen = torch.Generator().manual_seed(int(seed))
    return (scale * torch.randn(tuple(shape), generator=gen, dtype=F64)).to(dtype)


def close(got: torch.Tensor, want: torch.Tensor, rtol: float = 1e-10, atol: float = 1e-10) -> bool:
    return bool(torch.allclose(got.to(F64), want.to(F64), rtol=rtol, atol=atol))


def f32_ok(got: torch.Tensor, want64: torch.Tensor) -> bool:
    """float32 result vs a float64 computation on the same inputs: float32 accuracy."""
    return bool(((got.to(F64) - want64.to(F64)).abs() <= 2e-5 * (1 + want64.to(F64).abs())).all())


@st.composite
def shapes(draw: Any) -> tuple[int, int]:
    """(B, D) with B == D often, otherwise any (silent broadcasting bugs show when B == D)."""
    d = draw(st.integers(1, 5))
    b = draw(st.one_of(st.just(d), st.integers(1, 7)))
    return b, d


# -- the samplers, from their formulas -----------------------------------------------------------
def chain(x0: torch.Tensor, score: Any, h: float, n: int, seed: int) -> torch.Tensor:
    """All ULA states (n + 1, *x0.shape), noise torch.randn(x0.shape, generator, dtype) per step."""
    gen = torch.Generator().manual_seed(int(seed))
    x, states = x0, [x0]
    for _ in range(n):
        noise = torch.randn(x0.shape, generator=gen, dtype=x0.dtype)
        x = x + h * score(x) + math.sqrt(2 * h) * noise
        states.append(x)
    return torch.stack(states)


def log_q(y: torch.Tensor, x: torch.Tensor, score: Any, h: float) -> torch.Tensor:
    """log q(y | x) = -||y - x - h score(x)||² / (4h), per row."""
    return -((y - x - h * score(x)) ** 2).sum(-1) / (4 * h)


def mala(x: torch.Tensor, log_p: Any, score: Any, h: float, noise: torch.Tensor, u: torch.Tensor
         ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(x_new, accepted, log_alpha) of one MALA step."""
    y = x + h * score(x) + math.sqrt(2 * h) * noise
    log_alpha = log_p(y) - log_p(x) + log_q(x, y, score, h) - log_q(y, x, score, h)
    acc = u < torch.exp(torch.clamp(log_alpha, max=0.0))
    return torch.where(acc[:, None], y, x), acc, log_alpha


def annealed(score: Any, sigmas: list[float], n_each: int, eps: float, x0: torch.Tensor, seed: int
             ) -> torch.Tensor:
    gen = torch.Generator().manual_seed(int(seed))
    x = x0
    for s in sigmas:
        a = eps * s**2 / sigmas[-1] ** 2
        for _ in range(n_each):
            z = torch.randn(x0.shape, generator=gen, dtype=x0.dtype)
            x = x + a / 2 * score(x, s) + math.sqrt(a) * z
    return x


def replay(buffer: torch.Tensor, n: int, p: float, seed: int) -> torch.Tensor:
    gen = torch.Generator().manual_seed(int(seed))
    idx = torch.randint(0, buffer.shape[0], (n,), generator=gen)
    fresh = 2 * torch.rand((n, *buffer.shape[1:]), generator=gen, dtype=buffer.dtype) - 1
    coin = torch.rand(n, generator=gen, dtype=F64)
    keep = coin >= p
    out = fresh.clone()
    out[keep] = buffer[idx[keep]]
    return out


# -- statistics --------------------------------------------------------------------------------------
def ks_normal(v: torch.Tensor, mean: float = 0.0, std: float = 1.0) -> float:
    """Kolmogorov-Smirnov distance between the 1-D sample ``v`` and N(mean, std²)."""
    s, _ = torch.sort(v.to(F64).reshape(-1))
    n = s.numel()
    cdf = torch.special.ndtr((s - mean) / std)
    hi = torch.arange(1, n + 1, dtype=F64) / n - cdf
    lo = cdf - torch.arange(0, n, dtype=F64) / n
    return float(torch.maximum(hi, lo).max())


def ks_threshold(n: int) -> float:
    """P(sqrt(n) D > 2.7) ≈ 2 exp(-2 · 2.7²) ≈ 1e-6: as strict as 5 standard errors."""
    return 2.7 / math.sqrt(n)
