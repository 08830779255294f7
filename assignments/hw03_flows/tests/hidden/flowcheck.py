"""Builders, strategies and trusted-side numerics shared by the HW03 hidden tests (never released).

Everything that decides a score is computed here, on the trusted side, from values that came
back from the implementation: shapes and dtypes are checked before any value is compared.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import torch
from autograder.testing import check_finite, check_tensor, max_err
from autograder import testmodels
from hypothesis import strategies as st

F32 = torch.float32
F64 = torch.float64

finite = st.floats(-5, 5, allow_nan=False, allow_infinity=False)


# -- checking what came back -------------------------------------------------------------------
def check_pair(out: Any, what: str) -> tuple[Any, Any]:
    """``out`` must be a pair (value, logdet)."""
    assert isinstance(out, tuple | list) and len(out) == 2, (
        f"{what} should return a pair (tensor, logdet); got {type(out).__name__}"
        + (f" of length {len(out)}" if isinstance(out, tuple | list) else "")
    )
    return out[0], out[1]


def flow_call(fn: Any, x: torch.Tensor, what: str) -> tuple[torch.Tensor, torch.Tensor]:
    """(value, logdet) of a flow map on a (B, D) input, both checked: (B, D) and (B,), x's dtype."""
    return check_flow_output(fn(x), x, what)


def check_flow_output(out: Any, x: torch.Tensor, what: str) -> tuple[torch.Tensor, torch.Tensor]:
    """``out`` must be (value (B, D), logdet (B,)) in the dtype of the input ``x``."""
    value, logdet = check_pair(out, what)
    value = check_tensor(value, tuple(x.shape), x.dtype, f"the value returned by {what}")
    logdet = check_tensor(logdet, (x.shape[0],), x.dtype, f"the logdet returned by {what}")
    return value, logdet


def check_transforms(z: torch.Tensor, x: torch.Tensor, mask: list[bool]) -> None:
    """With random weights a coupling layer moves its transformed coordinates: an identity map
    satisfies every other coupling property trivially."""
    free = ~torch.tensor(mask)
    moved = max_err(z[:, free], x[:, free])
    assert moved > 1e-6, (
        "with random weights, forward leaves every transformed coordinate unchanged "
        "(the layer acts as the identity)"
    )


def check_coupling_values(layer: Any, x: torch.Tensor, mask: list[bool], what: str) -> None:
    """A coupling's values, not only its shapes: the masked coordinates copied exactly, the others
    moved, inverse(forward(x)) == x and inverse's logdet minus forward's (to the dtype's accuracy).
    Tests of a side condition call it, so that a layer that computes nothing cannot pass them."""
    z, logdet = flow_call(layer, x, f"{what}: forward")
    m = torch.tensor(mask)
    assert torch.equal(z[:, m], x[:, m]), f"{what}: forward changed the masked coordinates"
    check_transforms(z, x, mask)
    back, logdet_inv = flow_call(layer.inverse, z, f"{what}: inverse")
    tol = 1e-8 if x.dtype == F64 else 1e-4
    err = max_err(back, x)
    assert err <= tol * (1 + float(x.abs().max())), (
        f"{what}: inverse(forward(x)) differs from x by up to {err:.3g}"
    )
    err = max_err(logdet_inv, -logdet)
    assert err <= tol * (1 + float(logdet.abs().max())), (
        f"{what}: inverse's logdet is not minus forward's (off by up to {err:.3g})"
    )


def check_sequence_values(flow: Any, x: torch.Tensor, what: str) -> None:
    """A flow's values, not only its shapes: log_prob(x) is the change of variables of forward,
    log N(z; 0, I) + logdet, and inverse(forward(x)) == x (to the dtype's accuracy)."""
    z, logdet = flow_call(flow, x, f"{what}: forward")
    lp = check_tensor(flow.log_prob(x), (x.shape[0],), x.dtype, f"{what}: log_prob")
    z64 = z.to(F64)
    expected = -0.5 * (z64**2).sum(1) - 0.5 * x.shape[1] * math.log(2 * math.pi) + logdet.to(F64)
    tol = 1e-8 if x.dtype == F64 else 1e-4
    err = max_err(lp.to(F64), expected)
    assert err <= tol * (1 + float(expected.abs().max())), (
        f"{what}: log_prob(x) differs from log N(forward(x); 0, I) + logdet by up to {err:.3g}"
    )
    back, _ = flow_call(flow.inverse, z, f"{what}: inverse")
    err = max_err(back, x)
    assert err <= tol * (1 + float(x.abs().max())), (
        f"{what}: inverse(forward(x)) differs from x by up to {err:.3g}"
    )


# -- building things on either side ------------------------------------------------------------
def make_layer(
    impl: Any,
    dim: int,
    mask: list[bool],
    *,
    seed: int = 0,
    std: float = 0.5,
    hidden: int = 8,
    dtype: str = "float64",
) -> Any:
    """An AffineCoupling with *every* parameter redrawn from N(0, std²) (a zero-initialised last
    layer would make it the identity and hide most bugs), cast to ``dtype``."""
    layer = impl.AffineCoupling(dim, torch.tensor(mask, dtype=torch.bool), hidden=hidden)
    impl.remote(testmodels.reinit_normal_, layer, std=std, seed=seed)
    if dtype != "float32":
        layer = impl.remote(testmodels.set_dtype_, layer, dtype)
    return layer


def alternating_masks(dim: int, n: int) -> list[list[bool]]:
    base = [j % 2 == 0 for j in range(dim)]
    return [base if k % 2 == 0 else [not b for b in base] for k in range(n)]


def random_invertible(d: int, gen: torch.Generator, dtype: torch.dtype = F64) -> torch.Tensor:
    """A well-conditioned random matrix Q1 diag(e^u) Q2 (|u| <= 0.7, either sign of det)."""
    q1, _ = torch.linalg.qr(torch.randn(d, d, generator=gen, dtype=F64))
    q2, _ = torch.linalg.qr(torch.randn(d, d, generator=gen, dtype=F64))
    u = (torch.rand(d, generator=gen, dtype=F64) * 2 - 1) * 0.7
    return (q1 @ torch.diag(u.exp()) @ q2).to(dtype)


def linear_layers(
    impl: Any, support: Any, dim: int, seed: int, n: int = 3, dtype: torch.dtype = F64
) -> tuple[list[Any], list[torch.Tensor], list[torch.Tensor]]:
    """``n`` fixed linear flow layers (support.LinearFlow) built where ``impl`` lives, and their
    matrices and shifts, so the trusted side knows the composed map exactly."""
    gen = torch.Generator().manual_seed(seed)
    mats = [random_invertible(dim, gen, dtype) for _ in range(n)]
    shifts = [(0.5 * torch.randn(dim, generator=gen, dtype=F64)).to(dtype) for _ in range(n)]
    layers = [impl.remote(support.LinearFlow, a, b) for a, b in zip(mats, shifts, strict=True)]
    return layers, mats, shifts


def compose_linear(
    mats: list[torch.Tensor], shifts: list[torch.Tensor]
) -> tuple[torch.Tensor, torch.Tensor]:
    """A, b of z = x Aᵀ + b for the layers applied in list order."""
    a = torch.eye(mats[0].shape[0], dtype=mats[0].dtype)
    b = torch.zeros(mats[0].shape[0], dtype=mats[0].dtype)
    for m, s in zip(mats, shifts, strict=True):
        a, b = m @ a, m @ b + s
    return a, b


def gaussian_of_linear_flow(
    a: torch.Tensor, b: torch.Tensor
) -> torch.distributions.MultivariateNormal:
    """The law of X when z = x Aᵀ + b ~ N(0, I): N(-A⁻¹b, (AᵀA)⁻¹)."""
    return torch.distributions.MultivariateNormal(
        loc=-torch.linalg.solve(a, b), precision_matrix=a.T @ a
    )


# -- trusted-side numerics ---------------------------------------------------------------------
def fd_jacobian(fn: Any, x: torch.Tensor, what: str, h: float = 1e-5) -> torch.Tensor:
    """J[b, i, j] = dz_i/dx_j by central differences in float64, from ONE batched call of the
    implementation on all perturbed inputs x ± h e_j."""
    b, d = x.shape
    eye = torch.eye(d, dtype=x.dtype)
    plus = (x[:, None, :] + h * eye[None]).reshape(b * d, d)
    minus = (x[:, None, :] - h * eye[None]).reshape(b * d, d)
    z, _ = flow_call(fn, torch.cat([plus, minus]), what)
    check_finite(z, f"the value returned by {what}")
    zp, zm = z[: b * d].reshape(b, d, d), z[b * d :].reshape(b, d, d)  # [b, j, i] = z_i(x ± h e_j)
    return ((zp - zm) / (2 * h)).transpose(1, 2)


def ks_normal(v: torch.Tensor) -> float:
    """Kolmogorov–Smirnov distance between the sample ``v`` (1-D) and N(0, 1)."""
    s, _ = torch.sort(v.to(F64))
    n = s.numel()
    cdf = torch.special.ndtr(s)
    hi = torch.arange(1, n + 1, dtype=F64) / n - cdf
    lo = cdf - torch.arange(0, n, dtype=F64) / n
    return float(torch.maximum(hi, lo).max())


def ks_threshold(n: int) -> float:
    """P(sqrt(n) D > 2.7) ≈ 2 exp(-2 · 2.7²) ≈ 1e-6: as strict as 5 standard errors."""
    return 2.7 / math.sqrt(n)


# -- strategies --------------------------------------------------------------------------------
class CouplingCase(NamedTuple):
    dim: int
    mask: list[bool]
    x: torch.Tensor
    seed: int


@st.composite
def coupling_cases(draw: Any, min_dim: int = 2, max_dim: int = 6) -> CouplingCase:
    """A dimension, a mask with both parts non-empty, a batch (often == dim), inputs in [-5, 5]."""
    dim = draw(st.integers(min_dim, max_dim))
    mask = draw(
        st.lists(st.booleans(), min_size=dim, max_size=dim).filter(lambda m: any(m) and not all(m))
    )
    batch = draw(st.one_of(st.just(dim), st.integers(1, 9)))
    values = draw(st.lists(finite, min_size=batch * dim, max_size=batch * dim))
    seed = draw(st.integers(0, 10_000))
    return CouplingCase(dim, mask, torch.tensor(values, dtype=F64).reshape(batch, dim), seed)


def fixed_case(dim: int, mask: list[bool], batch: int, seed: int) -> CouplingCase:
    """A deterministic case for @example (batch == dim and batch != dim are always covered)."""
    gen = torch.Generator().manual_seed(seed)
    x = (2 * torch.randn(batch, dim, generator=gen, dtype=F64)).clamp(-5, 5)
    return CouplingCase(dim, mask, x, seed)
