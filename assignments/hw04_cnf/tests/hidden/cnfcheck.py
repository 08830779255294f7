"""Trusted-side numerics, builders and strategies shared by the HW04 hidden tests (never released).

Everything a test compares against is computed here, in float64, independently of the reference
solution: Jacobians with ``torch.func.vmap(jacrev)`` on a local copy of the field, Euler and RK4
written out, the augmented CNF scheme, matrix exponentials, Gaussian log-densities. Fields are
built twice from the same parameters: once where the implementation lives (``impl.remote``) and
once here. Shapes and dtypes of what comes back are checked before any value is compared.
"""

from __future__ import annotations

import math
from typing import Any

import torch

from autograder.testing import check_finite, check_tensor, max_err  # noqa: F401 (re-exported)
from hypothesis import strategies as st

F32 = torch.float32
F64 = torch.float64


def dname(dtype: torch.dtype) -> str:
    return str(dtype).replace("torch.", "")


# -- comparing -----------------------------------------------------------------------------------
def rel_err(got: torch.Tensor, want: torch.Tensor) -> float:
    """max |got - want| / (1 + max |want|), in float64."""
    return max_err(got, want) / (1 + float(want.to(F64).abs().max())) if want.numel() else 0.0


def f32_ok(got: torch.Tensor, want64: torch.Tensor, tol: float = 1e-4) -> bool:
    """float32 result vs a float64 computation on the same inputs: float32 accuracy."""
    return bool(((got.to(F64) - want64.to(F64)).abs() <= tol * (1 + want64.to(F64).abs())).all())


# -- data ------------------------------------------------------------------------------------------
def randn(shape: Any, seed: int, dtype: torch.dtype = F64, scale: float = 1.0) -> torch.Tensor:
    gen = torch.Generator().manual_seed(int(seed))
    return (scale * torch.randn(tuple(shape), generator=gen, dtype=F64)).to(dtype)


def rademacher(shape: Any, seed: int, dtype: torch.dtype = F64) -> torch.Tensor:
    gen = torch.Generator().manual_seed(int(seed) + 31337)
    return (2.0 * (torch.rand(tuple(shape), generator=gen, dtype=F64) < 0.5) - 1).to(dtype)


def times(b: int, seed: int, lo: float = 0.0, hi: float = 1.0, dtype: torch.dtype = F64) -> torch.Tensor:
    """One time per sample in [lo, hi], shape (b, 1)."""
    gen = torch.Generator().manual_seed(int(seed) + 7919)
    return (lo + (hi - lo) * torch.rand((b, 1), generator=gen, dtype=F64)).to(dtype)


def full_t(b: int, s: float, dtype: torch.dtype = F64) -> torch.Tensor:
    return torch.full((b, 1), float(s), dtype=dtype)


@st.composite
def batch_dims(draw: Any, max_d: int = 4) -> tuple[int, int]:
    """(B, D): half of the time B == D (catches broadcasting against the wrong axis)."""
    d = draw(st.integers(1, max_d))
    if draw(st.booleans()):
        return d, d
    return draw(st.integers(1, 6).filter(lambda b: b != d)), d


# -- fields: the same object where the implementation lives and here --------------------------------
def linear_params(d: int, seed: int, scale: float = 0.6) -> torch.Tensor:
    return randn((d, d), seed + 104729, scale=scale)


def elementwise_params(d: int, seed: int) -> list[torch.Tensor]:
    gen = torch.Generator().manual_seed(int(seed) + 1299709)
    a = torch.randn(d, generator=gen, dtype=F64)
    b = 1.5 * torch.randn(d, generator=gen, dtype=F64)
    c = torch.randn(d, generator=gen, dtype=F64)
    e = 0.5 * torch.randn(d, generator=gen, dtype=F64)
    return [a, b, c, e]


def make_field(
    impl: Any, support: Any, kind: str, d: int, seed: int, dtype: torch.dtype = F64, **kw: Any
) -> tuple[Any, Any]:
    """(field built where ``impl`` lives in ``dtype``, the same field built here in float64)."""
    name = dname(dtype)
    if kind == "linear":
        A = kw.get("A")
        A = linear_params(d, seed) if A is None else A
        return impl.remote(support.LinearField, A, dtype=name), support.LinearField(A)
    if kind == "elementwise":
        p = elementwise_params(d, seed)
        return impl.remote(support.ElementwiseField, *p, dtype=name), support.ElementwiseField(*p)
    if kind == "mlp":
        args = dict(hidden=kw.get("hidden", 8), seed=seed, std=kw.get("std", 0.5), scale=kw.get("scale", 1.0))
        return impl.remote(support.MLPField, d, dtype=name, **args), support.MLPField(d, **args)
    raise ValueError(kind)


# -- trusted calculus ---------------------------------------------------------------------------------
def jacobian(field: Any, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """(B, D, D) Jacobians of a row-by-row field, one per sample (vmap of jacrev), float64."""

    def one(xi: torch.Tensor, ti: torch.Tensor) -> torch.Tensor:
        return field(xi[None], ti[None])[0]

    return torch.func.vmap(torch.func.jacrev(one))(x.to(F64), t.to(F64))


def trace(field: Any, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    return jacobian(field, x, t).diagonal(dim1=1, dim2=2).sum(-1)


def quad_form(field: Any, x: torch.Tensor, t: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
    return torch.einsum("bi,bij,bj->b", z.to(F64), jacobian(field, x, t), z.to(F64))


def _step(f: Any, x: torch.Tensor, s: float, h: float, method: str) -> torch.Tensor:
    if method == "euler":
        return x + h * f(x, s)
    k1 = f(x, s)
    k2 = f(x + 0.5 * h * k1, s + 0.5 * h)
    k3 = f(x + 0.5 * h * k2, s + 0.5 * h)
    k4 = f(x + h * k3, s + h)
    return x + h * (k1 + 2 * k2 + 2 * k3 + k4) / 6


def solve(f: Any, x0: torch.Tensor, t0: float, t1: float, n: int, method: str) -> torch.Tensor:
    """All states (n + 1, B, ...) of the fixed-step scheme for dx/dt = f(x, s) with s a float."""
    h = (t1 - t0) / n
    states = [x0]
    for k in range(n):
        states.append(_step(f, states[-1], t0 + k * h, h, method))
    return torch.stack(states)


def trusted_odeint(field: Any, x0: torch.Tensor, t0: float, t1: float, n: int, method: str) -> torch.Tensor:
    with torch.no_grad():
        return solve(lambda x, s: field(x, full_t(x.shape[0], s)), x0.to(F64), t0, t1, n, method)


def trusted_cnf(
    field: Any,
    x1: torch.Tensor,
    n: int,
    method: str,
    probe: torch.Tensor | None = None,
    mean: Any = 0.0,
    std: Any = 1.0,
) -> torch.Tensor:
    """log p_1(x1): the augmented state (x, l) integrated from t = 1 to t = 0 by the scheme, then
    log N(x(0); mean, std² I) + l(0). Differentiable in the field's parameters."""
    d = x1.shape[1]

    def aug(state: torch.Tensor, s: float) -> torch.Tensor:
        x = state[:, :d]
        t = full_t(x.shape[0], s)
        div = trace(field, x, t) if probe is None else quad_form(field, x, t, probe)
        return torch.cat([field(x, t), div[:, None]], dim=1)

    start = torch.cat([x1.to(F64), torch.zeros(x1.shape[0], 1, dtype=F64)], dim=1)
    end = solve(aug, start, 1.0, 0.0, n, method)[-1]
    return log_normal(end[:, :d], mean, std) + end[:, d]


def log_normal(z: torch.Tensor, mean: Any = 0.0, std: Any = 1.0) -> torch.Tensor:
    """Sum over the last axis of log N(z; mean, std²)."""
    mean = torch.as_tensor(mean, dtype=F64)
    std = torch.as_tensor(std, dtype=F64)
    per = -0.5 * ((z.to(F64) - mean) / std) ** 2 - torch.log(std) - 0.5 * math.log(2 * math.pi)
    return (per + torch.zeros_like(z, dtype=F64)).sum(-1)


def linear_cnf_logprob(x1: torch.Tensor, A: torch.Tensor, mean: Any = 0.0, std: Any = 1.0) -> torch.Tensor:
    """Closed form for u(x) = A x: log p_0(e^{-A} x1) - tr A."""
    x0 = x1.to(F64) @ torch.linalg.matrix_exp(-A.to(F64)).T
    return log_normal(x0, mean, std) - torch.trace(A.to(F64))
