"""Trusted-side numerics, data and strategies shared by the HW00 hidden tests (never released).

Everything a test compares against is computed here in float64, independently of the reference
solution: Gaussian log-densities by ``scipy.stats.multivariate_normal``, log-sum-exp by
``scipy.special.logsumexp``, the MLE by ``np.cov``. What comes back from the implementation is
checked for type, shape and dtype before any value is compared.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from scipy.special import logsumexp
from scipy.stats import multivariate_normal

F64 = np.dtype(np.float64)


# -- checking what came back -------------------------------------------------------------------
def check_array(a: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    """``a`` must be a float64 NumPy array of exactly this shape, with finite entries."""
    assert isinstance(a, np.ndarray), f"{what} should be a NumPy array; got {type(a).__name__}"
    assert a.shape == tuple(shape), f"{what} has shape {a.shape}; expected {tuple(shape)}"
    assert a.dtype == F64, f"{what} has dtype {a.dtype}; expected float64"
    bad = int((~np.isfinite(a)).sum())
    assert bad == 0, f"{what}: {bad} non-finite value(s) (nan or inf)"
    return a


def check_float(v: Any, what: str) -> float:
    """A real number (Python float, NumPy float64 scalar or 0-d float array), finite."""
    if isinstance(v, np.ndarray) and v.shape == () and v.dtype.kind == "f":
        v = v[()]
    assert isinstance(v, float | np.floating) and not isinstance(v, bool), (
        f"{what} should be a float; got {type(v).__name__}"
        + (f" of shape {v.shape}" if isinstance(v, np.ndarray) else "")
    )
    f = float(v)
    assert np.isfinite(f), f"{what} is {f}, not a finite number"
    return f


def check_params(p: Any, k: int, d: int, what: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(weights (K,), means (K, d), covs (K, d, d))."""
    assert isinstance(p, tuple | list) and len(p) == 3, (
        f"{what} should be a tuple (weights, means, covs); got {type(p).__name__}"
        + (f" of length {len(p)}" if isinstance(p, tuple | list) else "")
    )
    return (
        check_array(p[0], (k,), f"{what}: weights"),
        check_array(p[1], (k, d), f"{what}: means"),
        check_array(p[2], (k, d, d), f"{what}: covs"),
    )


def rel_err(got: np.ndarray | float, want: np.ndarray | float) -> float:
    """max |got - want| / (1 + max |want|)."""
    g, w = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    if g.size == 0:
        return 0.0
    return float(np.abs(g - w).max() / (1.0 + np.abs(w).max()))


# -- trusted computations ------------------------------------------------------------------------
def log_joint(x: np.ndarray, w: np.ndarray, mu: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """(n, K): log w_k + log N(x_i; mu_k, cov_k), by scipy (log 0 = -inf)."""
    cols = []
    for k in range(len(w)):
        lw = np.log(w[k]) if w[k] > 0 else -np.inf
        cols.append(lw + multivariate_normal(mu[k], cov[k]).logpdf(x).reshape(-1))
    return np.stack(cols, axis=1)


def loglik(x: np.ndarray, w: np.ndarray, mu: np.ndarray, cov: np.ndarray) -> float:
    return float(logsumexp(log_joint(x, w, mu, cov), axis=1).sum())


def resp(x: np.ndarray, w: np.ndarray, mu: np.ndarray, cov: np.ndarray) -> np.ndarray:
    lj = log_joint(x, w, mu, cov)
    return np.exp(lj - logsumexp(lj, axis=1, keepdims=True))


def mstep(x: np.ndarray, r: np.ndarray, reg: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The M-step with the course's rule for empty components (N_k == 0)."""
    n, d = x.shape
    nk = r.sum(0)
    w = nk / n
    mus, covs = [], []
    for k in range(r.shape[1]):
        if nk[k] > 0:
            m = (r[:, k:k + 1] * x).sum(0) / nk[k]
            c = np.einsum("i,ij,ik->jk", r[:, k], x - m, x - m) / nk[k]
        else:
            m = x.mean(0)
            c = np.cov(x, rowvar=False, bias=True).reshape(d, d)
        mus.append(m)
        covs.append(c + reg * np.eye(d))
    return w, np.array(mus), np.array(covs)


def em(x: np.ndarray, w: np.ndarray, mu: np.ndarray, cov: np.ndarray, n_iter: int, reg: float
       ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    params = (w, mu, cov)
    hist = [loglik(x, *params)]
    for _ in range(n_iter):
        params = mstep(x, resp(x, *params), reg)
        hist.append(loglik(x, *params))
    return params, np.array(hist)


def mle(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = x.shape[1]
    return x.mean(0), np.cov(x, rowvar=False, bias=True).reshape(d, d)


# -- data ------------------------------------------------------------------------------------------
def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(int(seed))


def spd(g: np.random.Generator, k: int, d: int, lo: float = 0.3, scale: float = 0.7) -> np.ndarray:
    """(k, d, d) random symmetric positive definite matrices, eigenvalues >= lo."""
    a = scale * g.normal(size=(k, d, d))
    return a @ a.transpose(0, 2, 1) + lo * np.eye(d)


def mixture(g: np.random.Generator, k: int, d: int, spread: float = 3.0
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w = g.dirichlet(np.full(k, 2.0))
    return w, spread * g.normal(size=(k, d)), spd(g, k, d)


def sample_mixture(g: np.random.Generator, n: int, w: np.ndarray, mu: np.ndarray, cov: np.ndarray
                   ) -> np.ndarray:
    z = g.choice(len(w), size=n, p=w)
    chol = np.linalg.cholesky(cov)
    eps = g.normal(size=(n, mu.shape[1]))
    return mu[z] + np.einsum("nij,nj->ni", chol[z], eps)


@st.composite
def nkd(draw: Any, max_n: int = 8, max_k: int = 4, max_d: int = 4) -> tuple[int, int, int]:
    """(n, K, d): often n == d or n == K (silent broadcasting bugs), otherwise any."""
    d = draw(st.integers(1, max_d))
    k = draw(st.integers(1, max_k))
    n = draw(st.one_of(st.just(d), st.just(k), st.integers(1, max_n)))
    return n, k, d
