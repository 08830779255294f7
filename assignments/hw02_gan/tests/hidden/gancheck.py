"""Trusted-side numerics, builders and strategies shared by the HW02 hidden tests (never released).

Everything a test compares against is computed here, in float64, independently of the reference
solution: softplus by ``numpy.logaddexp``, sigmoid by ``scipy.special.expit``, Gaussian
log-densities by ``scipy.stats.norm``, the Jensen–Shannon divergence by quadrature in log space,
gradient penalties from closed-form input gradients or from a local float64 copy of the critic,
parameter gradients by central finite differences. Shapes and dtypes of what comes back are
checked before any value is compared.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from autograder.testing import check_finite, check_tensor, max_err
from hypothesis import strategies as st
from scipy.special import expit, ndtri
from scipy.stats import norm

F32 = torch.float32
F64 = torch.float64
LOG2 = math.log(2.0)

__all__ = [
    "F32",
    "F64",
    "LOG2",
    "check_finite",
    "check_scalar",
    "check_tensor",
    "f32_ok",
    "max_err",
]


# -- checking what came back -------------------------------------------------------------------
def check_scalar(got: Any, dtype: torch.dtype, what: str) -> torch.Tensor:
    """A 0-dim tensor of the given dtype."""
    return check_tensor(got, (), dtype, f"{what} (a 0-dim tensor)")


def f32_ok(got: torch.Tensor, want64: torch.Tensor, rel: float = 2e-5) -> bool:
    """float32 result vs a float64 computation on the same inputs: float32 accuracy."""
    return bool(((got.to(F64) - want64.to(F64)).abs() <= rel * (1 + want64.to(F64).abs())).all())


def close(got: torch.Tensor, want: torch.Tensor, rtol: float, atol: float) -> bool:
    return bool(torch.allclose(got.to(F64), want.to(F64), rtol=rtol, atol=atol))


# -- data ----------------------------------------------------------------------------------------
def randn(shape: Any, seed: int, dtype: torch.dtype = F64, scale: float = 1.0) -> torch.Tensor:
    gen = torch.Generator().manual_seed(int(seed))
    return (scale * torch.randn(tuple(shape), generator=gen, dtype=F64)).to(dtype)


def rand(shape: Any, seed: int, dtype: torch.dtype = F64) -> torch.Tensor:
    gen = torch.Generator().manual_seed(int(seed) + 15485863)
    return torch.rand(tuple(shape), generator=gen, dtype=F64).to(dtype)


def shaped(values: list[float], column: bool, dtype: torch.dtype = F64) -> torch.Tensor:
    """A batch of logits / scores as (B,) or (B, 1)."""
    t = torch.tensor(values, dtype=dtype)
    return t[:, None] if column else t


logit_values = st.floats(-6.0, 6.0, allow_nan=False, allow_infinity=False)
extreme_logit_values = st.one_of(
    st.floats(-40.0, 40.0, allow_nan=False, allow_infinity=False),
    st.sampled_from([-1000.0, -200.0, -38.0, 38.0, 200.0, 1000.0]),
)


@st.composite
def logit_batches(draw: Any, values: Any = logit_values, min_size: int = 1) -> tuple[list[float], bool]:
    """(values, as a column) for a batch of logits of size 1..8, shape (B,) or (B, 1)."""
    vals = draw(st.lists(values, min_size=min_size, max_size=8))
    return vals, draw(st.booleans())


# -- trusted formulas (numpy / scipy, float64) -------------------------------------------------
def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().to(F64).reshape(-1).numpy()


def softplus(t: torch.Tensor) -> np.ndarray:
    """log(1 + e^t), element-wise, stably."""
    return np.logaddexp(0.0, _np(t))


def d_loss(lr: torch.Tensor, lf: torch.Tensor) -> float:
    return float(softplus(-lr).mean() + softplus(lf).mean())


def g_nonsat(lf: torch.Tensor) -> float:
    return float(softplus(-lf).mean())


def g_minimax(lf: torch.Tensor) -> float:
    return float(-softplus(lf).mean())


def sigmoid(t: torch.Tensor) -> np.ndarray:
    return np.asarray(expit(_np(t)))


def wgan_critic(sr: torch.Tensor, sf: torch.Tensor) -> float:
    return float(_np(sf).mean() - _np(sr).mean())


def wgan_gen(sf: torch.Tensor) -> float:
    return float(-_np(sf).mean())


def optimal_logit(x: torch.Tensor, mu_r: float, s_r: float, mu_g: float, s_g: float) -> torch.Tensor:
    xs = x.detach().to(F64).numpy()
    return torch.from_numpy(norm.logpdf(xs, mu_r, s_r) - norm.logpdf(xs, mu_g, s_g))


def optimal_logit_scale(x: torch.Tensor, mu_r: float, s_r: float, mu_g: float, s_g: float) -> torch.Tensor:
    """Size of the two quadratic terms: the error allowed for the difference scales with it."""
    xs = x.detach().to(F64)
    return 1 + ((xs - mu_r) / s_r) ** 2 + ((xs - mu_g) / s_g) ** 2 + abs(math.log(s_r / s_g))


def quantile_points(mu: float, s: float, n: int) -> torch.Tensor:
    """mu + s Φ⁻¹((k + ½) / n), k = 0..n-1: equal-weight points whose means are accurate integrals."""
    u = (np.arange(n) + 0.5) / n
    return torch.from_numpy(mu + s * ndtri(u))


def jsd_gaussians(mu_r: float, s_r: float, mu_g: float, s_g: float) -> float:
    """JSD(N(mu_r, s_r²) || N(mu_g, s_g²)) by the trapezoid rule in log space on a dense grid."""
    lo = min(mu_r - 15 * s_r, mu_g - 15 * s_g)
    hi = max(mu_r + 15 * s_r, mu_g + 15 * s_g)
    x = np.unique(
        np.concatenate(
            [
                np.linspace(lo, hi, 200_001),
                mu_r + s_r * np.linspace(-15, 15, 20_001),
                mu_g + s_g * np.linspace(-15, 15, 20_001),
            ]
        )
    )
    lp, lq = norm.logpdf(x, mu_r, s_r), norm.logpdf(x, mu_g, s_g)
    lm = np.logaddexp(lp, lq) - LOG2
    f = 0.5 * np.exp(lp) * (lp - lm) + 0.5 * np.exp(lq) * (lq - lm)
    return float(np.sum(0.5 * (f[1:] + f[:-1]) * np.diff(x)))


# -- gradient penalty: closed forms and a local float64 computation ---------------------------
def interpolate(real: torch.Tensor, fake: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    a = alpha.to(F64).reshape((real.shape[0],) + (1,) * (real.dim() - 1))
    return a * real.to(F64) + (1 - a) * fake.to(F64)


def gp_from_input_grads(grads: torch.Tensor) -> float:
    """mean_i (||g_i||_2 - 1)² from the per-sample input gradients (B, ...)."""
    norms = torch.linalg.vector_norm(grads.to(F64).reshape(grads.shape[0], -1), dim=1)
    return float(((norms - 1) ** 2).mean())


def gp_local(
    critic: Callable[[torch.Tensor], torch.Tensor],
    real: torch.Tensor,
    fake: torch.Tensor,
    alpha: torch.Tensor,
) -> torch.Tensor:
    """The penalty of a local float64 critic, with first-order autograd per sample (no double backward)."""
    x_hat = interpolate(real, fake, alpha)
    rows = []
    for i in range(x_hat.shape[0]):
        xi = x_hat[i : i + 1].clone().requires_grad_(True)
        (g,) = torch.autograd.grad(critic(xi).sum(), xi)
        rows.append(g.detach()[0])
    return torch.stack(rows)


def finite_difference_grads(
    value: Callable[[], float], params: list[torch.nn.Parameter], h: float = 1e-5
) -> list[torch.Tensor]:
    """Central differences of ``value()`` with respect to every entry of every parameter (float64)."""
    out = []
    for p in params:
        g = torch.zeros(p.shape, dtype=F64)
        flat = p.data.view(-1)  # perturbed through .data: value() itself needs autograd
        for k in range(flat.numel()):
            old = float(flat[k])
            flat[k] = old + h
            up = value()
            flat[k] = old - h
            down = value()
            flat[k] = old
            g.view(-1)[k] = (up - down) / (2 * h)
        out.append(g)
    return out


def sorted_params(module: torch.nn.Module) -> tuple[list[str], list[torch.nn.Parameter]]:
    items = sorted(module.named_parameters(), key=lambda kv: kv[0])
    return [n for n, _ in items], [p for _, p in items]


@st.composite
def batch_dims(draw: Any, max_b: int = 6, max_d: int = 5) -> tuple[int, int]:
    """(B, D): often B == D (catches broadcasting against the feature axis), otherwise B != D."""
    if draw(st.booleans()):
        b = draw(st.integers(1, min(max_b, max_d)))
        return b, b
    b = draw(st.integers(1, max_b))
    return b, draw(st.integers(1, max_d).filter(lambda d: d != b))
