"""Trusted-side numerics, builders and strategies shared by the HW05 hidden tests (never released).

Everything a test compares against is computed here, in float64, independently of the
reference solution: the linear path, Euler's scheme, the closed-form field (with logsumexp),
Gaussian-path quantities by autograd, the optimal assignment by scipy. Shapes and dtypes of what
comes back from the implementation are checked before any value is compared.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch

from autograder.testing import check_finite, check_tensor, max_err
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

F32 = torch.float32
F64 = torch.float64


# -- checking what came back -------------------------------------------------------------------
def close(got: torch.Tensor, want: torch.Tensor, rtol: float, atol: float) -> bool:
    return bool(torch.allclose(got.to(F64), want.to(F64), rtol=rtol, atol=atol))


def f32_ok(got: torch.Tensor, want64: torch.Tensor) -> bool:
    """float32 result vs a float64 computation on the same inputs: float32 accuracy."""
    return bool(((got.to(F64) - want64).abs() <= 2e-5 * (1 + want64.abs())).all())


# -- data ----------------------------------------------------------------------------------------
def randn(shape: Any, seed: int, dtype: torch.dtype = F64, scale: float = 1.0) -> torch.Tensor:
    gen = torch.Generator().manual_seed(int(seed))
    return (scale * torch.randn(tuple(shape), generator=gen, dtype=F64)).to(dtype)


def times(
    b: int, seed: int, ndim: int = 2, lo: float = 0.0, hi: float = 0.95, dtype: torch.dtype = F64
) -> torch.Tensor:
    """One time per sample in [lo, hi], shape (b, 1, ..., 1) for data with ``ndim`` axes."""
    gen = torch.Generator().manual_seed(int(seed) + 7919)
    t = lo + (hi - lo) * torch.rand((b,) + (1,) * (ndim - 1), generator=gen, dtype=F64)
    return t.to(dtype)


def t_shape(shape: tuple[int, ...]) -> tuple[int, ...]:
    return (shape[0],) + (1,) * (len(shape) - 1)


@st.composite
def data_shapes(draw: Any, images: bool = True) -> tuple[int, ...]:
    """(B, D) with B == D, (B, D) with B != D, or an image batch (B, C, H, W)."""
    layouts = ["square", "rect", "image"] if images else ["square", "rect"]
    layout = draw(st.sampled_from(layouts))
    b = draw(st.integers(1, 6))
    if layout == "square":
        return (b, b)
    if layout == "rect":
        return (b, draw(st.integers(1, 6).filter(lambda d: d != b)))
    return (b, draw(st.integers(1, 3)), draw(st.integers(1, 4)), draw(st.integers(1, 4)))


# -- fields: the same object on the trusted side and where the implementation lives -------------
def time_field_params(d: int, seed: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(int(seed) + 104729)
    w = 0.5 * torch.randn(d, d, generator=gen, dtype=F64)
    b = torch.randn(d, generator=gen, dtype=F64)
    c = 2 * torch.randn(d, generator=gen, dtype=F64)
    return w, b, c


def time_field(
    impl: Any, support: Any, d: int, seed: int, dtype: torch.dtype = F64
) -> tuple[Any, Any]:
    """(field built where ``impl`` lives, the same field built here in float64)."""
    w, b, c = time_field_params(d, seed)
    name = str(dtype).replace("torch.", "")
    return impl.remote(support.TimeField, w, b, c, dtype=name), support.TimeField(w, b, c)


def trusted_euler(field: Any, x0: torch.Tensor, n: int) -> torch.Tensor:
    """All Euler states (n + 1, *x0.shape) of dx/dt = field(x, t), t_k = k / n, in float64."""
    x = x0.to(F64)
    states = [x]
    with torch.no_grad():
        for k in range(n):
            t = torch.full(t_shape(tuple(x.shape)), k / n, dtype=F64)
            x = x + field(x, t) / n
            states.append(x)
    return torch.stack(states)


def schedule_coeffs(draw: Any) -> tuple[list[float], list[float]]:
    """Random quadratic schedules: alpha_t = a1 t + a2 t², beta_t = 1 + b1 t + b2 t²."""
    a = [0.0, draw(st.floats(0.2, 2.0)), draw(st.floats(-0.5, 0.5))]
    b = [1.0, draw(st.floats(-0.8, 0.0)), draw(st.floats(-0.2, 0.2))]  # beta_t >= 0.1 on [0, 0.9]
    return a, b


def poly(coeffs: list[float], t: torch.Tensor) -> torch.Tensor:
    out = torch.zeros_like(t)
    for c in reversed(coeffs):
        out = out * t + c
    return out


def dpoly(coeffs: list[float]) -> list[float]:
    return [k * c for k, c in enumerate(coeffs)][1:] or [0.0]


# -- closed-form field, independently (logsumexp, float64) -------------------------------------
def closed_form(x: torch.Tensor, t: float, data: torch.Tensor) -> torch.Tensor:
    x, data = x.to(F64), data.to(F64)
    sq = ((x[:, None, :] - t * data[None, :, :]) ** 2).sum(-1)  # (B, N)
    logits = -sq / (2 * (1 - t) ** 2)
    w = (logits - torch.logsumexp(logits, dim=1, keepdim=True)).exp()
    return (w @ data - x) / (1 - t)


# -- optimal transport -----------------------------------------------------------------------------
def pairing_cost(x0: torch.Tensor, x1: torch.Tensor, perm: torch.Tensor) -> float:
    return float(((x0.to(F64) - x1.to(F64)[perm]) ** 2).sum())


def optimal_cost(x0: torch.Tensor, x1: torch.Tensor) -> float:
    cost = ((x0.to(F64)[:, None, :] - x1.to(F64)[None, :, :]) ** 2).sum(-1).numpy()
    rows, cols = linear_sum_assignment(cost)
    return float(cost[rows, cols].sum())


def check_permutation(perm: Any, b: int, what: str) -> torch.Tensor:
    perm = check_tensor(perm, (b,), torch.int64, what)
    assert torch.equal(torch.sort(perm).values, torch.arange(b)), (
        f"{what} is not a permutation of 0..{b - 1}: {perm.tolist()}"
    )
    return perm


def random_perms(b: int, n: int, seed: int) -> list[torch.Tensor]:
    rng = np.random.default_rng(seed)
    return [torch.as_tensor(rng.permutation(b), dtype=torch.long) for _ in range(n)]


def log_normal(x: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    """Sum over the last axis of log N(x; mean, std²), differentiable in x."""
    return (-0.5 * ((x - mean) / std) ** 2 - torch.log(std) - 0.5 * math.log(2 * math.pi)).sum(-1)
