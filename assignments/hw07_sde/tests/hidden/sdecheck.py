"""Trusted-side numerics shared by the HW07 hidden tests (never released).

Everything a test compares against is computed here in float64, independently of the reference
solution: the VP kernel in closed form, the Euler-Maruyama scheme step by step, the mixture
log-density (whose autograd gradient is the score), OU and Brownian moments.
"""

from __future__ import annotations

import math

import torch
from hypothesis import strategies as st

F64 = torch.float64
F32 = torch.float32
BETA_MIN, BETA_MAX = 0.1, 20.0


# -- closed forms ----------------------------------------------------------------------------------
def beta_closed(t, beta_min=BETA_MIN, beta_max=BETA_MAX):
    return beta_min + t * (beta_max - beta_min)


def vp_closed(t: torch.Tensor, beta_min=BETA_MIN, beta_max=BETA_MAX) -> tuple[torch.Tensor, torch.Tensor]:
    """(a_t, sigma_t) in float64: B(t) = beta_min t + (beta_max - beta_min) t^2 / 2."""
    t = torch.as_tensor(t, dtype=F64)
    integral = beta_min * t + 0.5 * (beta_max - beta_min) * t**2
    return torch.exp(-integral / 2), torch.sqrt(-torch.expm1(-integral))


def gmm_logpdf(x: torch.Tensor, weights, means, stds) -> torch.Tensor:
    """log sum_k w_k N(x; mu_k, s_k^2 I) / sum w, float64, by logsumexp (normalising constants included)."""
    x, w, mu, s = (torch.as_tensor(v, dtype=F64) for v in (x, weights, means, stds))
    d = x.shape[1]
    sq = ((x[:, None, :] - mu[None]) ** 2).sum(-1)
    comp = -0.5 * sq / s**2 - d * torch.log(s) - 0.5 * d * math.log(2 * math.pi)
    return torch.logsumexp(torch.log(w / w.sum()) + comp, dim=1)


def gmm_score_autograd(x, weights, means, stds) -> torch.Tensor:
    """The score as the autograd gradient of the log-density (float64)."""
    xr = torch.as_tensor(x, dtype=F64).detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(gmm_logpdf(xr, weights, means, stds).sum(), xr)
    return g.detach()


def full_t(x: torch.Tensor, t: float) -> torch.Tensor:
    return torch.full((x.shape[0],), float(t), dtype=x.dtype)


def trusted_em(drift, diffusion, x0, t0, t1, n, seed=None, gen=None) -> torch.Tensor:
    """The scheme as specified: h = (t1 - t0)/n, t_k = t0 + k h, one z per step from the generator."""
    if gen is None:
        gen = torch.Generator().manual_seed(int(seed))
    h = (t1 - t0) / n
    x = x0.clone()
    for k in range(n):
        t = t0 + k * h
        z = torch.randn(x0.shape, generator=gen, dtype=x0.dtype)
        x = x + drift(x, t) * h + diffusion(t) * math.sqrt(abs(h)) * z
    return x


def reverse_drift_closed(x, t: float, score, beta: float) -> torch.Tensor:
    return -0.5 * beta * x - beta * score(x, full_t(x, t))


def pf_drift_closed(x, t: float, score, beta: float) -> torch.Tensor:
    return -0.5 * beta * x - 0.5 * beta * score(x, full_t(x, t))


def trusted_sample(score, x_T, n, ode: bool, seed: int, t_eps: float = 1e-3) -> torch.Tensor:
    """sample_reverse as specified, with the local score model."""
    with torch.no_grad():
        if ode:
            return trusted_em(lambda x, t: pf_drift_closed(x, t, score, beta_closed(t)), lambda t: 0.0,
                              x_T, 1.0, t_eps, n, seed)
        return trusted_em(lambda x, t: reverse_drift_closed(x, t, score, beta_closed(t)),
                          lambda t: math.sqrt(beta_closed(t)), x_T, 1.0, t_eps, n, seed)


# -- data --------------------------------------------------------------------------------------------
def randn(shape, seed: int, dtype=F64, scale: float = 1.0) -> torch.Tensor:
    g = torch.Generator().manual_seed(int(seed))
    return (torch.randn(tuple(shape), generator=g, dtype=F64) * scale).clamp(-5, 5).to(dtype)


def uniform(shape, seed: int, low: float, high: float, dtype=F64) -> torch.Tensor:
    g = torch.Generator().manual_seed(int(seed))
    return (low + (high - low) * torch.rand(tuple(shape), generator=g, dtype=F64)).to(dtype)


@st.composite
def batch_dims(draw):
    """(B, D) with B == D half of the time (catches broadcasting over the wrong axis), else B != D."""
    b = draw(st.integers(1, 6))
    if draw(st.booleans()):
        return b, b
    return b, draw(st.integers(1, 6).filter(lambda d: d != b))


# -- assertions ---------------------------------------------------------------------------------------
def expect_tensor(value, shape, dtype, what: str) -> torch.Tensor:
    assert isinstance(value, torch.Tensor), f"{what} should be a torch.Tensor; got {type(value).__name__}"
    assert tuple(value.shape) == tuple(shape), f"{what} has shape {tuple(value.shape)}; expected {tuple(shape)}"
    assert value.dtype == dtype, f"{what} has dtype {value.dtype}; expected {dtype}"
    assert torch.isfinite(value).all(), f"{what} contains NaN or inf"
    return value


def max_err(got: torch.Tensor, want: torch.Tensor) -> float:
    return float((got.to(F64) - want.to(F64)).abs().max()) if got.numel() else 0.0


def close64(got, want, rtol=1e-9, atol=1e-10) -> bool:
    return bool(torch.allclose(got.to(F64), want.to(F64), rtol=rtol, atol=atol))


def f32_ok(got: torch.Tensor, want: torch.Tensor) -> bool:
    """float32 results against a float64 computation: loose enough for cancellation in float32 (1 - exp(-B) at
    small t keeps a few digits only) and for a student who computes in float64 and casts back; real mistakes
    are off by far more."""
    scale = max(1.0, float(want.abs().max())) if want.numel() else 1.0
    return bool(((got.to(F64) - want.to(F64)).abs() <= 1e-5 + 2e-3 * scale).all())
