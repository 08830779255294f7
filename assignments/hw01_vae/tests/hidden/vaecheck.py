"""Trusted-side numerics, builders and strategies shared by the HW01 hidden tests (never released).

Everything a test compares against is computed here, in float64, independently of the
reference solution: densities and KLs with ``torch.distributions``, the marginal likelihood of
probabilistic PCA with scipy, the ELBO and the importance weights from a local copy of the
encoder and decoder that the test also builds where the implementation lives. Shapes and dtypes
of what comes back are checked before any value is compared.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
from autograder.testing import check_finite, check_tensor, max_err
from hypothesis import strategies as st
from scipy.linalg import hadamard
from scipy.stats import multivariate_normal
from torch.distributions import Normal, kl_divergence

__all__ = [
    "F32",
    "F64",
    "balanced_eps",
    "check_finite",
    "check_tensor",
    "close",
    "dims",
    "f32_ok",
    "iwae_with_grad",
    "linear_elbo",
    "log_normal",
    "max_err",
    "models",
    "ppca",
    "ppca_log_marginal",
    "randn",
    "trusted_elbo",
    "trusted_iwae",
    "trusted_kl",
]

F32 = torch.float32
F64 = torch.float64


# -- checking what came back -------------------------------------------------------------------
def close(got: torch.Tensor, want: torch.Tensor, rtol: float, atol: float) -> bool:
    return bool(torch.allclose(got.to(F64), want.to(F64), rtol=rtol, atol=atol))


def f32_ok(got: torch.Tensor, want64: torch.Tensor) -> bool:
    """A float32 result against a float64 computation on the same inputs: float32 accuracy."""
    return bool(((got.to(F64) - want64.to(F64)).abs() <= 1e-4 * (1 + want64.to(F64).abs())).all())


# -- data ----------------------------------------------------------------------------------------
def randn(shape: Any, seed: int, dtype: torch.dtype = F64, scale: float = 1.0) -> torch.Tensor:
    gen = torch.Generator().manual_seed(int(seed))
    return (scale * torch.randn(tuple(shape), generator=gen, dtype=F64)).to(dtype)


@st.composite
def dims(draw: Any, max_b: int = 6, max_d: int = 6) -> tuple[int, int]:
    """(B, D) with B == D half of the time (catches broadcasting over the wrong axis)."""
    b = draw(st.integers(1, max_b))
    if draw(st.booleans()):
        return b, min(b, max_d)
    return b, draw(st.integers(1, max_d))


def log_normal(x: torch.Tensor, mean: torch.Tensor, logvar: Any) -> torch.Tensor:
    """Σ over all non-batch axes of log N(x; mean, exp(logvar)), by torch.distributions."""
    x = x.to(F64)
    lv = torch.as_tensor(logvar, dtype=F64)
    std = torch.exp(0.5 * lv) * torch.ones_like(x)
    lp = Normal(mean.to(F64), std).log_prob(x)
    return lp.reshape(x.shape[0], -1).sum(1) if x.dim() > 1 else lp


def trusted_kl(mu_q: Any, lv_q: Any, mu_p: Any = None, lv_p: Any = None) -> torch.Tensor:
    """KL(q ‖ p) summed over the last axis, by torch.distributions.kl_divergence."""
    mu_q, lv_q = mu_q.to(F64), lv_q.to(F64)
    mu_p = torch.zeros_like(mu_q) if mu_p is None else mu_p.to(F64) + torch.zeros_like(mu_q)
    lv_p = torch.zeros_like(lv_q) if lv_p is None else lv_p.to(F64) + torch.zeros_like(lv_q)
    q = Normal(mu_q, torch.exp(0.5 * lv_q))
    p = Normal(mu_p, torch.exp(0.5 * lv_p))
    return kl_divergence(q, p).sum(-1)


# -- models: the same object where the implementation lives and here ----------------------------
def models(
    impl: Any,
    support: Any,
    kind: str,
    d: int,
    dz: int,
    seed: int,
    dtype: torch.dtype = F64,
    scale: float = 1.0,
) -> tuple[Any, Any, Any, Any]:
    """(encoder, decoder) built where ``impl`` lives, then the same two built here in float64.

    ``kind`` is "mlp" (tanh MLP encoder and decoder) or "affine" (affine encoder with a
    constant log-variance, linear decoder), all with seeded weights.
    """
    name = str(dtype).replace("torch.", "")
    if kind == "mlp":
        enc_args: tuple[Any, ...] = (d, dz)
        enc_kw: dict[str, Any] = {"hidden": 8, "seed": seed % 997}
        dec_args: tuple[Any, ...] = (dz, d)
        dec_kw: dict[str, Any] = {"hidden": 8, "seed": seed % 991, "scale": scale}
        enc_f, dec_f = support.MLPEncoder, support.MLPDecoder
    else:
        gen = torch.Generator().manual_seed(int(seed) + 31)
        a = 0.5 * torch.randn(dz, d, generator=gen, dtype=F64)
        c = 0.5 * torch.randn(dz, generator=gen, dtype=F64)
        lv = 0.8 * torch.randn(dz, generator=gen, dtype=F64)
        w = scale * torch.randn(d, dz, generator=gen, dtype=F64)
        b = torch.randn(d, generator=gen, dtype=F64)
        enc_args, enc_kw, dec_args, dec_kw = (a, c, lv), {}, (w, b), {}
        enc_f, dec_f = support.AffineEncoder, support.LinearDecoder
    enc = impl.remote(enc_f, *enc_args, **enc_kw, dtype=name)
    dec = impl.remote(dec_f, *dec_args, **dec_kw, dtype=name)
    return enc, dec, enc_f(*enc_args, **enc_kw), dec_f(*dec_args, **dec_kw)


@torch.no_grad()
def _latents(x: torch.Tensor, enc: Any, eps: torch.Tensor) -> tuple[torch.Tensor, ...]:
    mu, lv = enc(x.to(F64))
    z = mu + torch.exp(0.5 * lv) * eps.to(F64)  # (S, B, dz)
    return mu, lv, z


@torch.no_grad()
def trusted_elbo(
    x: torch.Tensor, enc: Any, dec: Any, eps: torch.Tensor, obs_logvar: Any = 0.0
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(nelbo, rec, kl), batch means: rec = −mean_b mean_s log N(x_b; dec(z_sb), e^{obs_logvar} I), kl analytic."""
    x = x.to(F64)
    mu, lv, z = _latents(x, enc, eps)
    mean = dec(z)  # (S, B, D)
    std = torch.exp(0.5 * torch.as_tensor(obs_logvar, dtype=F64)) * torch.ones_like(mean)
    log_px = Normal(mean, std).log_prob(x.expand_as(mean)).sum(-1)  # (S, B)
    rec = -log_px.mean()
    kl = trusted_kl(mu, lv).mean()
    return rec + kl, rec, kl


def iwae_with_grad(
    x: torch.Tensor, enc: Any, dec: Any, eps: torch.Tensor, obs_logvar: Any = 0.0
) -> torch.Tensor:
    """log (1/K) Σ_k p(x, z_k) / q(z_k | x) per data point, (B,), with a log-sum-exp; differentiable
    in the parameters of ``enc`` and ``dec`` (call it under ``torch.enable_grad()``)."""
    x = x.to(F64)
    mu, lv = enc(x)
    z = mu + torch.exp(0.5 * lv) * eps.to(F64)  # (K, B, dz)
    mean = dec(z)
    std = torch.exp(0.5 * torch.as_tensor(obs_logvar, dtype=F64)) * torch.ones_like(mean)
    log_w = (
        Normal(mean, std).log_prob(x.expand_as(mean)).sum(-1)
        + Normal(torch.zeros_like(z), torch.ones_like(z)).log_prob(z).sum(-1)
        - Normal(mu.expand_as(z), torch.exp(0.5 * lv).expand_as(z)).log_prob(z).sum(-1)
    )
    return torch.logsumexp(log_w, dim=0) - math.log(eps.shape[0])


@torch.no_grad()
def trusted_iwae(
    x: torch.Tensor, enc: Any, dec: Any, eps: torch.Tensor, obs_logvar: Any = 0.0
) -> torch.Tensor:
    """log (1/K) Σ_k p(x, z_k) / q(z_k | x) per data point, (B,), with a log-sum-exp."""
    return iwae_with_grad(x, enc, dec, eps, obs_logvar)


# -- probabilistic PCA ---------------------------------------------------------------------------
def ppca(d: int, dz: int, seed: int) -> dict[str, torch.Tensor | float]:
    """A PPCA model with orthogonal-column W (so that WᵀW is diagonal) and its exact posterior.

    p(z) = N(0, I), p(x | z) = N(Wz + b, σ² I); posterior N(A(x − b), σ² M⁻¹) with
    M = WᵀW + σ² I (diagonal) and A = M⁻¹Wᵀ, i.e. the affine encoder (A, −A b, log(σ² / M_jj)).
    """
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    scales = rng.uniform(0.5, 2.5, dz)
    w = q[:, :dz] * scales
    b = rng.normal(0.0, 1.0, d)
    sigma2 = float(rng.uniform(0.2, 1.5))
    m = scales**2 + sigma2  # diagonal of M
    a = w.T / m[:, None]
    t = lambda v: torch.tensor(v, dtype=F64)  # noqa: E731
    return {
        "W": t(w),
        "b": t(b),
        "sigma2": sigma2,
        "A": t(a),
        "c": t(-a @ b),
        "logvar": t(np.log(sigma2 / m)),
    }


def ppca_sample(model: dict[str, Any], n: int, seed: int) -> torch.Tensor:
    """n data points from the PPCA model."""
    gen = torch.Generator().manual_seed(int(seed) + 7)
    w, b = model["W"], model["b"]
    z = torch.randn(n, w.shape[1], generator=gen, dtype=F64)
    noise = torch.randn(n, w.shape[0], generator=gen, dtype=F64)
    return z @ w.T + b + math.sqrt(model["sigma2"]) * noise


def ppca_log_marginal(model: dict[str, Any], x: torch.Tensor) -> torch.Tensor:
    """log N(x; b, WWᵀ + σ² I) by scipy, (B,)."""
    w, b = model["W"].numpy(), model["b"].numpy()
    cov = w @ w.T + model["sigma2"] * np.eye(w.shape[0])
    out = multivariate_normal(mean=b, cov=cov).logpdf(x.to(F64).numpy())
    return torch.tensor(np.atleast_1d(out), dtype=F64)


def balanced_eps(b: int, dz: int, seed: int) -> torch.Tensor:
    """(S, B, dz) noise whose S samples have, for every data point, mean exactly 0 and second
    moment exactly I: the rows of ±H (H a Hadamard matrix), with random column signs per point.

    A Monte-Carlo average over these S samples of any quadratic function of ε equals its
    expectation under N(0, I) exactly: with a linear decoder the ELBO estimate is exact.
    """
    n = 1
    while n < dz:
        n *= 2
    h = hadamard(n).astype(float)[:, :dz]
    design = np.concatenate([h, -h])  # (2n, dz)
    signs = np.random.default_rng(seed).choice([-1.0, 1.0], size=(b, dz))
    eps = design[:, None, :] * signs[None, :, :]
    return torch.tensor(eps, dtype=F64)


def linear_elbo(
    x: torch.Tensor, a: torch.Tensor, c: torch.Tensor, lv: torch.Tensor,
    w: torch.Tensor, b: torch.Tensor, obs_logvar: float,
) -> torch.Tensor:
    """The exact ELBO (B,) of an affine encoder (A, c, logvar) and a linear decoder (W, b):
    E_q log N(x; Wz + b, σ²I) − KL(q ‖ N(0, I)) with the expectation in closed form."""
    x = x.to(F64)
    mu = x @ a.T + c
    var = torch.exp(lv)
    sigma2 = math.exp(obs_logvar)
    rec = log_normal(x, mu @ w.T + b, obs_logvar) - 0.5 * ((w**2).sum(0) * var).sum() / sigma2
    return rec - trusted_kl(mu, lv.expand_as(mu))
