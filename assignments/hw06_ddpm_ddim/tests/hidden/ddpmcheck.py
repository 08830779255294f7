"""Trusted-side numerics and strategies shared by the HW06 hidden tests (never released).

Everything a test compares against is computed here, in numpy / float64, independently of
the reference solution: schedules, the forward marginal, the posterior by Bayes on a grid.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from hypothesis import strategies as st

F64 = torch.float64


# -- schedules (independent re-implementations) --------------------------------------------
def np_linear_betas(T: int, beta_1: float = 1e-4, beta_T: float = 0.02) -> np.ndarray:
    betas = np.zeros(T + 1)
    betas[1:] = np.linspace(beta_1, beta_T, T)
    return betas


def np_cosine_alpha_bar(T: int, s: float = 0.008, max_beta: float = 0.999) -> np.ndarray:
    f = [math.cos((t / T + s) / (1 + s) * math.pi / 2) ** 2 for t in range(T + 1)]
    out = [1.0]
    for t in range(1, T + 1):
        beta = min(1 - f[t] / f[t - 1], max_beta)
        out.append(out[-1] * (1 - beta))
    return np.array(out)


def schedule(kind: str, T: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """(betas, alpha_bar), float64, length T + 1, betas[0] = 0, alpha_bar = cumprod(1 - betas)."""
    if kind == "linear":
        betas = np_linear_betas(T)
    elif kind == "cosine":
        ab = np_cosine_alpha_bar(T)
        betas = np.concatenate([[0.0], 1 - ab[1:] / ab[:-1]])
    elif kind == "random":  # no structure at all: catches code that assumes a monotone schedule
        rng = np.random.default_rng(seed)
        betas = np.concatenate([[0.0], rng.uniform(1e-3, 0.2, T)])
    else:
        raise ValueError(kind)
    alpha_bar = np.cumprod(1 - betas)
    return torch.tensor(betas, dtype=F64), torch.tensor(alpha_bar, dtype=F64)


@st.composite
def schedules(draw, min_T: int = 1, max_T: int = 1000):
    kind = draw(st.sampled_from(["linear", "cosine", "random"]))
    T = draw(st.one_of(st.sampled_from([min_T, max(min_T, 2), max_T]), st.integers(min_T, max_T)))
    betas, alpha_bar = schedule(kind, T, seed=draw(st.integers(0, 2**16)))
    return kind, T, betas, alpha_bar


@st.composite
def data_shapes(draw, images: bool = True):
    """(B, D) with B == D, (B, D) with B != D, or an image batch (B, C, H, W)."""
    layouts = ["square", "rect", "image"] if images else ["square", "rect"]
    layout = draw(st.sampled_from(layouts))
    b = draw(st.integers(1, 6))
    if layout == "square":
        return (b, b)
    if layout == "rect":
        d = draw(st.integers(1, 6).filter(lambda d: d != b))
        return (b, d)
    return (b, draw(st.integers(1, 3)), draw(st.integers(1, 4)), draw(st.integers(1, 4)))


def time_batch(T: int, b: int, low: int):
    """A strategy for a LongTensor (b,) of steps in [low, T] that often hits the ends."""
    special = sorted({low, min(low + 1, T), T})
    return st.lists(
        st.one_of(st.sampled_from(special), st.integers(low, T)), min_size=b, max_size=b
    ).map(lambda v: torch.tensor(v, dtype=torch.long))


def randn(shape, seed: int, dtype=F64, scale: float = 1.0) -> torch.Tensor:
    g = torch.Generator().manual_seed(int(seed))
    return (torch.randn(tuple(shape), generator=g, dtype=F64) * scale).clamp(-5, 5).to(dtype)


# -- closed forms ------------------------------------------------------------------------------
def per_sample(a: torch.Tensor, t: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    return a.to(F64)[t].reshape(-1, *([1] * (like.dim() - 1)))


def forward_marginal(x0, t, eps, alpha_bar) -> torch.Tensor:
    ab = per_sample(alpha_bar, t, x0)
    return ab.sqrt() * x0.to(F64) + (1 - ab).sqrt() * eps.to(F64)


def posterior_mean_closed_form(x0, x_t, t: int, betas, alpha_bar) -> torch.Tensor:
    """μ̃_t(x_t, x_0) for one scalar step t (float64)."""
    b, ab, abp = float(betas[t]), float(alpha_bar[t]), float(alpha_bar[t - 1])
    return (math.sqrt(abp) * b / (1 - ab)) * x0.to(F64) + (
        math.sqrt(1 - b) * (1 - abp) / (1 - ab)
    ) * x_t.to(F64)


def posterior_var_closed_form(t: int, betas, alpha_bar) -> float:
    b, ab, abp = float(betas[t]), float(alpha_bar[t]), float(alpha_bar[t - 1])
    return (1 - abp) * b / (1 - ab)


def _log_normal(x, m, v):
    return -0.5 * (x - m) ** 2 / v - 0.5 * np.log(2 * np.pi * v)


def _moments(grid: np.ndarray, logp: np.ndarray) -> tuple[float, float]:
    w = np.exp(logp - logp.max())
    w /= w.sum()
    m = float((w * grid).sum())
    return m, float((w * (grid - m) ** 2).sum())


def bayes_posterior(x0: float, xt: float, t: int, betas: np.ndarray, alpha_bar: np.ndarray):
    """Mean and variance of q(x_{t-1} | x_t, x_0) ∝ q(x_t | x_{t-1}) q(x_{t-1} | x_0), 1-D, on a grid.

    A wide coarse grid locates the posterior; a fine grid of ±12 standard deviations around it
    gives the moments (a Riemann sum of a Gaussian on such a grid is exact to rounding).
    """
    beta, abp = float(betas[t]), float(alpha_bar[t - 1])

    def logpost(g):
        return _log_normal(xt, math.sqrt(1 - beta) * g, beta) + _log_normal(
            g, math.sqrt(abp) * x0, 1 - abp
        )

    grid = np.linspace(-20.0, 20.0, 20001)
    m, v = _moments(grid, logpost(grid))
    for _ in range(2):
        sd = math.sqrt(v)
        grid = np.linspace(m - 12 * sd, m + 12 * sd, 4001)
        m, v = _moments(grid, logpost(grid))
    return m, v


# -- assertions --------------------------------------------------------------------------------
def expect_tensor(value, shape, dtype, what: str) -> torch.Tensor:
    assert isinstance(value, torch.Tensor), f"{what} should be a torch.Tensor; got {type(value).__name__}"
    assert tuple(value.shape) == tuple(shape), (
        f"{what} has shape {tuple(value.shape)}; expected {tuple(shape)}"
    )
    assert value.dtype == dtype, f"{what} has dtype {value.dtype}; expected {dtype}"
    assert torch.isfinite(value).all(), f"{what} contains NaN or inf"
    return value


def close(got: torch.Tensor, want: torch.Tensor, rtol: float = 1e-9, atol: float = 1e-9) -> float:
    """Largest error relative to the tolerance (<= 1 means close)."""
    got, want = got.to(F64), want.to(F64)
    err = (got - want).abs() / (atol + rtol * want.abs())
    return float(err.max()) if err.numel() else 0.0


def max_err(got: torch.Tensor, want: torch.Tensor) -> float:
    return float((got.to(F64) - want.to(F64)).abs().max()) if got.numel() else 0.0


def f32_ok(got: torch.Tensor, want: torch.Tensor) -> bool:
    """float32 results against a float64 reference: loose enough for a student who casts the schedule to
    float32 before computing (1 - alpha_bar near t = 1 keeps only a few digits there) as well as for one who
    computes in float64 and casts back; real mistakes are off by far more."""
    scale = max(1.0, float(want.abs().max())) if want.numel() else 1.0
    return bool(((got.to(F64) - want.to(F64)).abs() <= 1e-5 + 2e-3 * scale).all())


# -- reverse steps, computed here with a local (trusted) copy of the model ---------------------
def full_t(x: torch.Tensor, t: int) -> torch.Tensor:
    return torch.full((x.shape[0],), int(t), dtype=torch.long)


def ddpm_step_closed_form(model, x_t, t: int, z, betas, alpha_bar, var_type: str = "posterior"):
    """x_{t-1} = (x_t - beta_t / sqrt(1 - alpha_bar_t) eps) / sqrt(alpha_t) + sigma_t z, no noise at t = 1."""
    eps = model(x_t.to(F64), full_t(x_t, t)).to(F64)
    b, ab, abp = float(betas[t]), float(alpha_bar[t]), float(alpha_bar[t - 1])
    mean = (x_t.to(F64) - b / math.sqrt(1 - ab) * eps) / math.sqrt(1 - b)
    if t == 1:
        return mean
    var = (1 - abp) * b / (1 - ab) if var_type == "posterior" else b
    return mean + math.sqrt(var) * z.to(F64)


def ddim_step_closed_form(model, x_t, t: int, t_prev: int, z, alpha_bar, eta: float):
    eps = model(x_t.to(F64), full_t(x_t, t)).to(F64)
    ab, abp = float(alpha_bar[t]), float(alpha_bar[t_prev])
    x0_hat = (x_t.to(F64) - math.sqrt(1 - ab) * eps) / math.sqrt(ab)
    sigma = eta * math.sqrt((1 - abp) / (1 - ab)) * math.sqrt(max(1 - ab / abp, 0.0))
    out = math.sqrt(abp) * x0_hat + math.sqrt(max(1 - abp - sigma**2, 0.0)) * eps
    return out + sigma * z.to(F64) if sigma > 0 else out
