"""Trusted-side data, numerics and metrics of the Lab 1 hidden tests (never released).

The grader's own two-moons sets come from scikit-learn here, on the trusted side, and never
reach the student's code. Every metric is computed here from values that came back from the
student's objects (forward passes, velocities), with the grader's own integrators: never a
number the student's code reports, never the student's sampler or density function.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
from autograder.testing import check_finite, check_tensor, max_err
from sklearn.datasets import make_moons

F32 = torch.float32
F64 = torch.float64
LOG_2PI = math.log(2 * math.pi)

# Seeds of the grader's fresh moons (independent of the calibration seeds 0..4 that train).
TEST_SEED = 2_718_281
REFERENCE_SEED = 3_141_592


def fresh_moons(n: int, seed: int, dtype: torch.dtype = F32) -> torch.Tensor:
    """``make_moons(n, noise=0.05)`` with a fixed seed, as a (n, 2) tensor."""
    x, _ = make_moons(n, noise=0.05, random_state=seed)
    return torch.as_tensor(np.asarray(x), dtype=F64).to(dtype)


def randn(shape: Any, seed: int, dtype: torch.dtype = F64, scale: float = 1.0) -> torch.Tensor:
    gen = torch.Generator().manual_seed(int(seed))
    return (scale * torch.randn(tuple(shape), generator=gen, dtype=F64)).to(dtype)


def std_normal_logprob(z: torch.Tensor) -> torch.Tensor:
    return -0.5 * (z.to(F64) ** 2).sum(-1) - 0.5 * z.shape[-1] * LOG_2PI


def gaussian_fit_nll(train: torch.Tensor, test: torch.Tensor) -> float:
    """NLL (nats) of the maximum-likelihood Gaussian of ``train`` on ``test``: the baseline."""
    mu, cov = train.to(F64).mean(0), torch.cov(train.to(F64).T)
    g = torch.distributions.MultivariateNormal(mu, covariance_matrix=cov)
    return float(-g.log_prob(test.to(F64)).mean())


# -- flows: change of variables verified from the outside -------------------------------------
def check_pair(out: Any, what: str) -> tuple[Any, Any]:
    assert isinstance(out, tuple | list) and len(out) == 2, (
        f"{what} should return a pair (tensor, logdet); got {type(out).__name__}"
    )
    return out[0], out[1]


def flow_call(fn: Any, x: torch.Tensor, what: str) -> tuple[torch.Tensor, torch.Tensor]:
    value, logdet = check_pair(fn(x), what)
    value = check_tensor(value, tuple(x.shape), x.dtype, f"the value returned by {what}")
    logdet = check_tensor(logdet, (x.shape[0],), x.dtype, f"the logdet returned by {what}")
    return value, logdet


def fd_jacobian(fn: Any, x: torch.Tensor, what: str, h: float = 1e-5) -> torch.Tensor:
    """J[b, i, j] = dz_i/dx_j by central differences, from ONE batched call on x ± h e_j."""
    b, d = x.shape
    eye = torch.eye(d, dtype=x.dtype)
    plus = (x[:, None, :] + h * eye[None]).reshape(b * d, d)
    minus = (x[:, None, :] - h * eye[None]).reshape(b * d, d)
    z, _ = flow_call(fn, torch.cat([plus, minus]), what)
    check_finite(z, f"the value returned by {what}")
    zp, zm = z[: b * d].reshape(b, d, d), z[b * d :].reshape(b, d, d)
    return ((zp - zm) / (2 * h)).transpose(1, 2)


def verified_flow_nll(model64: Any, x: torch.Tensor, what: str) -> float:
    """NLL of ``x`` under a float64 flow, from forward's z and logdet, after checking on the
    grader's side that logdet is log|det| of the finite-difference Jacobian of forward and that
    inverse undoes forward: only a genuine change of variables gets a likelihood."""
    x = x.to(F64)
    z, logdet = flow_call(model64, x, f"{what}: forward")
    check_finite(z, f"{what}: forward(x)")
    check_finite(logdet, f"{what}: forward's logdet")
    jac = fd_jacobian(model64, x, f"{what}: forward")
    sign, fd_logdet = torch.linalg.slogdet(jac)
    assert bool((sign != 0).all()), f"{what}: forward has a singular Jacobian at some data points"
    # Finite differences are wrong within h of a kink (ReLU conditioners): a point that misses with
    # h = 1e-5 is tried again with h = 1e-6 (a kink within 1e-5 is rarely within 1e-6), and 1 % of
    # the points may still miss. A wrong logdet misses at (nearly) every point with both steps.
    bad = (logdet.to(F64) - fd_logdet).abs() > 1e-4 * (1 + fd_logdet.abs())
    if bool(bad.any()):
        idx = bad.nonzero()[:, 0]
        _, fine = torch.linalg.slogdet(fd_jacobian(model64, x[idx], f"{what}: forward", h=1e-6))
        bad[idx] = (logdet.to(F64)[idx] - fine).abs() > 1e-4 * (1 + fine.abs())
    assert float(bad.double().mean()) <= 0.01, (
        f"{what}: the logdet returned by forward differs from log|det| of its Jacobian (finite "
        f"differences) at {int(bad.sum())} of {x.shape[0]} points: the likelihood would not be a density"
    )
    back, _ = flow_call(model64.inverse, z, f"{what}: inverse")
    err = max_err(back, x)
    assert err <= 1e-6 * (1 + float(x.abs().max())), (
        f"{what}: inverse(forward(x)) differs from x by up to {err:.3g}"
    )
    return float(-(std_normal_logprob(z) + logdet).mean())


# -- flow matching fields: the grader's own integrators ---------------------------------------
def field_call(flow: Any, x: torch.Tensor, t: float, what: str) -> torch.Tensor:
    tt = torch.full((x.shape[0], 1), float(t), dtype=x.dtype)
    u = check_tensor(flow(x, tt), tuple(x.shape), x.dtype, what)
    check_finite(u, what)
    return u


def trusted_euler(flow: Any, x0: torch.Tensor, n_steps: int, what: str) -> torch.Tensor:
    """x_{k+1} = x_k + u(x_k, k/n)/n from x0, calling the field (B, 2) -> (B, 2) by value."""
    x = x0
    for k in range(n_steps):
        x = x + field_call(flow, x, k / n_steps, what) / n_steps
    return x


def fd_divergence(flow: Any, x: torch.Tensor, t: float, what: str, h: float = 1e-5):
    """(u(x, t), div u(x, t)) with the divergence by central differences, one batched call."""
    b, d = x.shape
    eye = torch.eye(d, dtype=x.dtype)
    plus = (x[:, None, :] + h * eye[None]).reshape(b * d, d)
    minus = (x[:, None, :] - h * eye[None]).reshape(b * d, d)
    out = field_call(flow, torch.cat([x, plus, minus]), t, what)
    u = out[:b]
    up, um = out[b : b + b * d].reshape(b, d, d), out[b + b * d :].reshape(b, d, d)
    div = ((up - um) / (2 * h)).diagonal(dim1=1, dim2=2).sum(-1)
    return u, div


def trusted_cnf_log_prob(flow64: Any, x: torch.Tensor, n_steps: int, what: str) -> torch.Tensor:
    """log p_1(x) = log N(x_0; 0, I) - int_0^1 div u_t(x_t) dt, RK4 backwards from t = 1 on the
    augmented state, divergence by finite differences (float64 field)."""
    x = x.to(F64)
    h = 1.0 / n_steps
    delta = torch.zeros(x.shape[0], dtype=F64)
    for k in range(n_steps):
        t = 1.0 - k * h
        u1, d1 = fd_divergence(flow64, x, t, what)
        u2, d2 = fd_divergence(flow64, x - 0.5 * h * u1, t - 0.5 * h, what)
        u3, d3 = fd_divergence(flow64, x - 0.5 * h * u2, t - 0.5 * h, what)
        u4, d4 = fd_divergence(flow64, x - h * u3, t - h, what)
        x = x - h / 6 * (u1 + 2 * u2 + 2 * u3 + u4)
        delta = delta + h / 6 * (d1 + 2 * d2 + 2 * d3 + d4)
    return std_normal_logprob(x) - delta


def time_linear_map(a: torch.Tensor, b: torch.Tensor, n: int = 4000) -> torch.Tensor:
    """M with x_1 = M x_0 for dx/dt = (A + t B) x, by RK4 with n steps on the matrix ODE."""
    m = torch.eye(a.shape[0], dtype=F64)
    h = 1.0 / n

    def f(mat: torch.Tensor, t: float) -> torch.Tensor:
        return (a + t * b) @ mat

    for k in range(n):
        t = k * h
        k1 = f(m, t)
        k2 = f(m + 0.5 * h * k1, t + 0.5 * h)
        k3 = f(m + 0.5 * h * k2, t + 0.5 * h)
        k4 = f(m + h * k3, t + h)
        m = m + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return m


def closed_form_field(x: torch.Tensor, t: float, data: torch.Tensor) -> torch.Tensor:
    x, data = x.to(F64), data.to(F64)
    logits = -((x[:, None, :] - t * data[None]) ** 2).sum(-1) / (2 * (1 - t) ** 2)
    w = torch.softmax(logits, dim=1)
    return (w @ data - x) / (1 - t)


# -- sample quality --------------------------------------------------------------------------------
def energy_distance(x: torch.Tensor, y: torch.Tensor) -> float:
    """V-statistic 2 E|X - Y| - E|X - X'| - E|Y - Y'| (diagonals included), float64."""
    x, y = x.to(F64), y.to(F64)
    return float(
        2 * torch.cdist(x, y).mean() - torch.cdist(x, x).mean() - torch.cdist(y, y).mean()
    )


def energy_ratio(samples: torch.Tensor, n: int) -> float:
    """Energy distance of ``samples`` to fresh moons, over the distance between two fresh sets of
    the same size (a fixed scale, 8.6e-5 for n = 2000).

    ``make_moons`` places its points evenly along the arcs (only the 0.05 noise is random), so
    two fresh sets are closer than two i.i.d. samples: a perfect i.i.d. sampler of the moons
    (uniform arc position + the same noise) scores 2.7 to 6.3, a Gaussian fitted to the data 205,
    the reference's field (5000 steps, 5 seeds) 61 to 121."""
    a = fresh_moons(n, TEST_SEED + 1, F64)
    b = fresh_moons(n, REFERENCE_SEED + 1, F64)
    return energy_distance(samples, a) / energy_distance(b, a)


def check_samples(samples: Any, n: int, what: str) -> torch.Tensor:
    s = check_tensor(samples, (n, 2), samples.dtype if isinstance(samples, torch.Tensor) else F32, what)
    check_finite(s, what)
    return s
