"""Trusted-side numerics, builders and strategies shared by the HW09 hidden tests (never released).

Everything a test compares against is computed here, in float64, independently of the
reference solution: Fréchet distances with ``scipy.linalg.sqrtm``, k-NN radii by sorting a full
``scipy.spatial.distance.cdist`` matrix, the Inception score with ``scipy.special.rel_entr``,
MMD by explicit masks, W1 by ``scipy.stats.wasserstein_distance``. What comes back from an
implementation is checked (a real, finite Python or numpy number; an array of the right shape
and dtype) before any value is compared.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
from hypothesis import strategies as st
from scipy import linalg, special, stats
from scipy.spatial.distance import cdist

F32, F64 = np.float32, np.float64


# -- what came back ------------------------------------------------------------------------------
def real_value(v: Any, what: str, finite: bool = True) -> float:
    """A real number (Python float or int, numpy real scalar or 0-d real array) as a float."""
    if isinstance(v, np.ndarray):
        assert v.shape == (), (
            f"{what} should be a single number; got an array of shape {v.shape}"
        )
        assert not np.iscomplexobj(v), f"{what} should be a real number; got a complex array {v!r}"
        assert v.dtype.kind in "fiu", f"{what} should be a real number; got an array of {v.dtype}"
        v = v.reshape(()).item()
    if isinstance(v, (complex, np.complexfloating)):
        raise AssertionError(f"{what} should be a real float; got the complex number {v!r}")
    assert isinstance(v, (float, int, np.floating, np.integer)) and not isinstance(
        v, (bool, np.bool_)
    ), f"{what} should be a float; got {type(v).__name__} {v!r}"
    out = float(v)
    if finite:
        assert math.isfinite(out), f"{what} should be finite; got {out}"
    return out


def pair_value(v: Any, what: str) -> tuple[float, float]:
    assert isinstance(v, (tuple, list)) and len(v) == 2, (
        f"{what} should return a pair (two floats); got {type(v).__name__} {v!r:.80}"
    )
    return real_value(v[0], f"{what}[0]"), real_value(v[1], f"{what}[1]")


def check_array(a: Any, shape: tuple[int, ...], dtype: Any, what: str) -> np.ndarray:
    assert isinstance(a, np.ndarray), f"{what} should be a numpy array; got {type(a).__name__}"
    assert a.shape == tuple(shape), f"{what} has shape {a.shape}; expected {tuple(shape)}"
    assert a.dtype == np.dtype(dtype), f"{what} has dtype {a.dtype}; expected {np.dtype(dtype)}"
    return a


def close(got: float, want: float, rtol: float = 1e-8, atol: float = 1e-10) -> bool:
    return abs(got - want) <= atol + rtol * abs(want)


# -- data ------------------------------------------------------------------------------------------
def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(int(seed))


def gaussian(n: int, d: int, seed: int, scale: float = 1.0, shift: float = 0.0) -> np.ndarray:
    return shift + scale * rng(seed).standard_normal((n, d))


def spd(d: int, seed: int, scale: float = 1.0, rank: int | None = None) -> np.ndarray:
    """A random symmetric positive (semi-)definite matrix with trace about d * scale."""
    r = d if rank is None else rank
    a = rng(seed + 31).standard_normal((d, r))
    s = scale * (a @ a.T) / r
    return (s + s.T) / 2


def mean_vec(d: int, seed: int, scale: float = 1.0) -> np.ndarray:
    return scale * rng(seed + 17).standard_normal(d)


def non_commuting(d: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two covariances with ||S1 S2 - S2 S1|| clearly > 0 (rotated, anisotropic spectra)."""
    r = rng(seed + 5)
    q1, _ = np.linalg.qr(r.standard_normal((d, d)))
    q2, _ = np.linalg.qr(r.standard_normal((d, d)))
    s1 = (q1 * np.geomspace(0.2, 5.0, d)) @ q1.T
    s2 = (q2 * np.geomspace(3.0, 0.1, d)) @ q2.T
    return (s1 + s1.T) / 2, (s2 + s2.T) / 2


def dirichlet_probs(n: int, kk: int, seed: int, alpha: float = 0.5) -> np.ndarray:
    return rng(seed).dirichlet(np.full(kk, alpha), size=n)


# -- trusted computations ------------------------------------------------------------------------
def fd_scipy(mu1: Any, s1: Any, mu2: Any, s2: Any) -> float:
    """||mu1 - mu2||^2 + tr(S1 + S2 - 2 (S1^{1/2} S2 S1^{1/2})^{1/2}) with scipy.linalg.sqrtm."""
    mu1, mu2 = np.atleast_1d(np.asarray(mu1, F64)), np.atleast_1d(np.asarray(mu2, F64))
    s1, s2 = np.atleast_2d(np.asarray(s1, F64)), np.atleast_2d(np.asarray(s2, F64))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h = np.real(linalg.sqrtm(s1))
        h = (h + h.T) / 2
        inner = h @ s2 @ h
        root = np.real(linalg.sqrtm((inner + inner.T) / 2))
    diff = mu1 - mu2
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.trace(root))


def fd_eigen(mu1: Any, s1: Any, mu2: Any, s2: Any, eps: float = 0.0) -> float:
    """The same distance from symmetric eigendecompositions (exact for singular covariances);
    ``eps`` adds eps * I to both covariances (pytorch-fid's fallback)."""
    mu1, mu2 = np.atleast_1d(np.asarray(mu1, F64)), np.atleast_1d(np.asarray(mu2, F64))
    s1 = np.atleast_2d(np.asarray(s1, F64)) + eps * np.eye(len(mu1))
    s2 = np.atleast_2d(np.asarray(s2, F64)) + eps * np.eye(len(mu1))
    w, v = np.linalg.eigh(s1)
    h = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    lam = np.linalg.eigvalsh(h @ s2 @ h)
    diff = mu1 - mu2
    return float(
        diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(np.clip(lam, 0, None)).sum()
    )


def fd_scale(mu1: Any, s1: Any, mu2: Any, s2: Any) -> float:
    """The size of the terms that cancel in the distance (for tolerances)."""
    diff = np.asarray(mu1, F64) - np.asarray(mu2, F64)
    return float(1 + diff @ diff + np.trace(np.atleast_2d(s1)) + np.trace(np.atleast_2d(s2)))


def stats_of(f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    f = np.asarray(f, F64)
    n = f.shape[0]
    mu = f.sum(0) / n
    c = f - mu
    return mu, c.T @ c / (n - 1)


def fid_trusted(f1: np.ndarray, f2: np.ndarray) -> float:
    (m1, s1), (m2, s2) = stats_of(f1), stats_of(f2)
    return fd_eigen(m1, s1, m2, s2)


def knn_trusted(x: np.ndarray, k: int) -> np.ndarray:
    d = cdist(np.asarray(x, F64), np.asarray(x, F64))
    np.fill_diagonal(d, np.inf)
    return np.sort(d, axis=1)[:, k - 1]


def _inside(points: np.ndarray, support: np.ndarray, k: int) -> np.ndarray:
    radii = knn_trusted(support, k)
    return cdist(np.asarray(points, F64), np.asarray(support, F64)) <= radii[None, :]


def pr_trusted(real: np.ndarray, fake: np.ndarray, k: int) -> tuple[float, float]:
    return (
        float(_inside(fake, real, k).any(1).mean()),
        float(_inside(real, fake, k).any(1).mean()),
    )


def dc_trusted(real: np.ndarray, fake: np.ndarray, k: int) -> tuple[float, float]:
    inside = _inside(fake, real, k)  # (m, n)
    return float(inside.sum() / (k * len(fake))), float(inside.any(0).mean())


def manifold_margin(real: np.ndarray, fake: np.ndarray, k: int) -> float:
    """Smallest relative gap between a distance and the radius it is compared with (float32 safety)."""
    out = np.inf
    for a, b in ((fake, real), (real, fake)):
        radii = knn_trusted(b, k)
        d = cdist(np.asarray(a, F64), np.asarray(b, F64))
        out = min(out, float((np.abs(d - radii[None, :]) / (1e-12 + radii[None, :])).min()))
    return out


def is_trusted(p: np.ndarray) -> float:
    p = np.asarray(p, F64)
    py = p.mean(0, keepdims=True)
    return float(np.exp(special.rel_entr(p, np.broadcast_to(py, p.shape)).sum(1).mean()))


def kid_kernel(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a, b = np.asarray(a, F64), np.asarray(b, F64)
    return (a @ b.T / a.shape[1] + 1) ** 3


def mmd_unbiased_trusted(x: np.ndarray, y: np.ndarray) -> float:
    kxx, kyy, kxy = kid_kernel(x, x), kid_kernel(y, y), kid_kernel(x, y)
    m, n = len(x), len(y)
    off_x, off_y = ~np.eye(m, dtype=bool), ~np.eye(n, dtype=bool)
    return float(kxx[off_x].mean() + kyy[off_y].mean() - 2 * kxy.mean())


def mmd_biased_trusted(x: np.ndarray, y: np.ndarray) -> float:
    return float(kid_kernel(x, x).mean() + kid_kernel(y, y).mean() - 2 * kid_kernel(x, y).mean())


def mmd_scale(x: np.ndarray, y: np.ndarray) -> float:
    return float(1 + np.abs(kid_kernel(np.concatenate([x, y]), np.concatenate([x, y]))).mean())


def w1_trusted(x: np.ndarray, y: np.ndarray) -> float:
    return float(stats.wasserstein_distance(np.asarray(x, F64), np.asarray(y, F64)))


def bpd_trusted(log_px: Any, n_dims: int, n_bins: int = 256) -> float:
    lp = np.atleast_1d(np.asarray(log_px, F64))
    nll_bits = -(lp - n_dims * math.log(n_bins)) / math.log(2)  # code length of x on its scale
    return float(nll_bits.mean() / n_dims)


# -- strategies ----------------------------------------------------------------------------------
seeds = st.integers(0, 10_000)
# (n, d) with the batch size equal to the feature dimension in about a third of the draws
nd = st.one_of(
    st.integers(2, 6).map(lambda n: (n, n)),
    st.tuples(st.integers(2, 12), st.integers(1, 5)),
)
