"""Hidden tests run on every graded function: inputs untouched, float32/float64, no global RNG,
batch size equal to the feature dimension, and invariance to the order of the samples."""

import math

import numpy as np
from evalcheck import (
    F32,
    F64,
    bpd_trusted,
    check_array,
    dc_trusted,
    dirichlet_probs,
    fd_eigen,
    fd_scale,
    gaussian,
    manifold_margin,
    mean_vec,
    mmd_scale,
    pair_value,
    pr_trusted,
    real_value,
    spd,
    stats_of,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points


def _safe_seed(seed: int, n: int, m: int, d: int) -> int:
    """The first seed >= seed whose point sets keep every distance 1e-3 (relative) away from the
    radius it is compared with, so float32 round-off cannot move a point across a boundary."""
    while True:
        real, fake = gaussian(n, d, seed), gaussian(m, d, seed + 1, 1.3, 0.4)
        if min(manifold_margin(real, fake, k) for k in range(1, min(3, n - 1) + 1)) > 1e-3:
            return seed
        seed += 1


def _cases(n: int = 6, d: int = 3, seed: int = 0) -> list[tuple[str, tuple, float]]:
    """(name, float64 args, tolerance scale) for every graded function on one problem.

    A value passes when it is within rel * (scale + |value|), rel = 1e-8 in float64 and 1e-4 in
    float32. For FID on singular covariances (n <= d) the scale is widened so that 1e-8 of it
    covers twice what adding eps = 1e-6 to both diagonals changes (see test_frechet).
    """
    s = _safe_seed(seed, n, n + 2, d)
    real, fake = gaussian(n, d, s), gaussian(n + 2, d, s + 1, 1.3, 0.4)
    mu1, mu2 = mean_vec(d, seed), mean_vec(d, seed + 1)
    s1, s2 = spd(d, seed), spd(d, seed + 1, 2.0)
    probs = dirichlet_probs(n, max(d, 2), seed)
    r = np.random.default_rng(seed)
    x1d, y1d = r.standard_normal(n), 2 * r.standard_normal(n) + 0.5
    levels = r.integers(0, 256, size=(n, d))
    u = r.random((n, d))
    log_px = -r.uniform(0, 3 * d, size=n)
    k = min(3, n - 1)
    (fm1, fs1), (fm2, fs2) = stats_of(real), stats_of(fake)
    fid_scale = fd_scale(fm1, fs1, fm2, fs2)
    if n <= d:  # singular sample covariance: allow for round-off amplified by the square root
        fid_scale += 2 * abs(fd_eigen(fm1, fs1, fm2, fs2, eps=1e-6) - fd_eigen(fm1, fs1, fm2, fs2)) / 1e-8
    return [
        ("frechet_distance", (mu1, s1, mu2, s2), fd_scale(mu1, s1, mu2, s2)),
        ("fid_from_features", (real, fake), fid_scale),
        ("knn_radii", (real, k), 1.0),
        ("precision_recall", (real, fake, k), 0.0),
        ("density_coverage", (real, fake, k), 0.0),
        ("inception_score", (probs,), 1.0 + max(d, 2)),
        ("mmd2_unbiased", (real, fake), mmd_scale(real, fake)),
        ("mmd2_biased", (real, fake), mmd_scale(real, fake)),
        ("wasserstein_1d", (x1d, y1d), 1.0 + float(np.abs(np.concatenate([x1d, y1d])).max())),
        ("dequantize", (levels, u), 1.0),
        ("bits_per_dim", (log_px, d), 10.0),
    ]


def _as(args: tuple, dtype) -> tuple:
    """Floating arrays cast to dtype (integer arrays and numbers kept)."""
    return tuple(a.astype(dtype) if isinstance(a, np.ndarray) and a.dtype.kind == "f" else a for a in args)


def _compare(name: str, got, want, scale: float, rel: float, what: str, dtype=F64) -> None:
    """``got`` (from inputs in ``dtype``) against the reference's ``want`` (computed on float64
    copies of the same inputs)."""
    if name in ("knn_radii", "dequantize"):
        assert isinstance(want, np.ndarray)
        got = check_array(got, want.shape, dtype, what)
        err = float(np.abs(got.astype(F64) - want).max())
        assert err <= rel * (1 + float(np.abs(want).max())), f"{what} is off by {err:.3g}"
    elif name in ("precision_recall", "density_coverage"):
        g, w = pair_value(got, what), pair_value(want, "reference")
        assert all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12) for a, b in zip(g, w)), (
            f"{what} = {g}; expected {w}"
        )
    else:
        g, w = real_value(got, what), real_value(want, "reference")
        assert abs(g - w) <= rel * scale + rel * abs(w), f"{what} = {g:.10g}; expected {w:.10g}"


def _dname(dtype) -> str:
    return np.dtype(dtype).name


@points(2)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_inputs_untouched(student, reference, support, dtype, seed):
    """No graded function modifies its arguments in place (every array is unchanged after the call), and each returns the right value on them."""
    for name, args64, scale in _cases(seed=seed):
        args = _as(args64, dtype)
        got, after = student.remote(support.call_keeping_inputs, student.get(name), *args)
        assert isinstance(after, list) and len(after) == len(args)
        for i, (before, now) in enumerate(zip(args, after, strict=True)):
            if isinstance(before, np.ndarray):
                assert isinstance(now, np.ndarray) and np.array_equal(now, before), (
                    f"{name} modified its argument #{i + 1} in place"
                )
        want = getattr(reference, name)(*_as(args, F64))
        rel = 1e-4 if dtype == F32 else 1e-8
        _compare(name, got, want, scale, rel, f"{name} on {_dname(dtype)} inputs", dtype)


@points(3)
@given(seed=st.integers(0, 1000), nd=st.sampled_from([(6, 3), (4, 4), (9, 2)]))
@settings(max_examples=8)
def test_float32_and_float64(student, reference, seed, nd):
    """Every graded function accepts float32 and float64 arrays: float results agree with a float64 computation to float32 accuracy, knn_radii and dequantize return arrays in the input's dtype."""
    n, d = nd
    for name, args64, scale in _cases(n, d, seed):
        for dtype, rel in ((F32, 1e-4), (F64, 1e-8)):
            args = _as(args64, dtype)
            got = getattr(student, name)(*args)
            want = getattr(reference, name)(*_as(args, F64))
            _compare(name, got, want, scale, rel, f"{name} on {_dname(dtype)} inputs", dtype)


@points(1)
def test_no_global_rng(student, reference):
    """Graded functions are deterministic: the same, right result whatever the global random state (numpy, random, torch)."""
    for name, args, scale in _cases(7, 3, seed=5):
        student.remote(testmodels.reseed_global, 1)
        a = getattr(student, name)(*args)
        student.remote(testmodels.reseed_global, 2)
        b = getattr(student, name)(*args)
        want = getattr(reference, name)(*args)
        _compare(name, a, want, scale, 1e-8, name)
        _compare(name, b, want, scale, 1e-8, f"{name} after reseeding the global RNGs")


@points(2)
@given(n=st.integers(2, 6), seed=st.integers(0, 1000))
@settings(max_examples=10)
def test_batch_equals_feature_dim(student, reference, n, seed):
    """Samples are rows and features are columns: right values when the number of samples equals the feature dimension (n == d) and when it does not (n = d + 3)."""
    for nn, d in ((n, n), (n + 3, n)):
        for name, args, scale in _cases(nn, d, seed):
            got = getattr(student, name)(*args)
            want = getattr(reference, name)(*args)
            _compare(name, got, want, scale, 1e-8, f"{name} with n = {nn}, d = {d}")


@points(3)
@given(seed=st.integers(0, 1000), nd=st.sampled_from([(6, 3), (5, 5), (10, 2)]))
@settings(max_examples=10)
def test_permutation_invariance(student, reference, seed, nd):
    """Set metrics do not depend on the order of the samples: shuffling the rows of either set leaves FID, precision/recall, density/coverage, IS, both MMD estimates and W1 unchanged (knn_radii is permuted along), and the values are right."""
    n, d = nd
    r = np.random.default_rng(seed + 99)
    for name, args, scale in _cases(n, d, seed):
        if name in ("frechet_distance", "dequantize", "bits_per_dim"):
            continue
        base = getattr(student, name)(*args)
        _compare(name, base, getattr(reference, name)(*args), scale, 1e-8, name)
        arrays = [i for i, a in enumerate(args) if isinstance(a, np.ndarray)]
        for which in ([arrays[0]], arrays):
            shuffled = list(args)
            perms = {}
            for i in which:
                perms[i] = r.permutation(len(args[i]))
                shuffled[i] = args[i][perms[i]]
            got = getattr(student, name)(*shuffled)
            want = base[perms[0]] if name == "knn_radii" else base
            moved = "both sets" if len(which) > 1 else "the first set"
            _compare(name, got, want, scale, 1e-9, f"{name} with the rows of {moved} shuffled")


@points(1)
@given(seed=st.integers(0, 1000), nd=st.sampled_from([(6, 3), (4, 4), (9, 2)]))
@settings(max_examples=6)
def test_numbers_computed_in_float64(student, reference, seed, nd):
    """Functions that return a number compute it in float64, even from float32 arrays: on float32 inputs the value agrees with a float64 computation on the same values to float64 accuracy (1e-8), not just float32's."""
    n, d = nd
    for name, args64, scale in _cases(n, d, seed):
        if name in ("knn_radii", "dequantize"):  # arrays in the input's dtype (test_float32_and_float64)
            continue
        args = _as(args64, F32)
        got = getattr(student, name)(*args)
        want = getattr(reference, name)(*_as(args, F64))
        _compare(name, got, want, scale, 1e-8, f"{name} on float32 inputs (computed in float64)")


@points(1)
def test_default_arguments(student):
    """The defaults of the signatures: precision_recall(real, fake) uses k = 3, density_coverage(real, fake) k = 5, dequantize(x, u) and bits_per_dim(log_px, n_dims) n_bins = 256; the values are right."""
    real, fake = gaussian(30, 2, 7), gaussian(25, 2, 8, 1.3, 0.4)
    # the data tell the default k apart from its neighbours (trusted side)
    assert all(pr_trusted(real, fake, 3) != pr_trusted(real, fake, k) for k in (1, 2, 4, 5))
    assert all(dc_trusted(real, fake, 5) != dc_trusted(real, fake, k) for k in (2, 3, 4, 6))
    got = pair_value(student.precision_recall(real, fake), "precision_recall(real, fake)")
    want = pr_trusted(real, fake, 3)
    assert got == want, f"precision_recall(real, fake) without k = {got}; expected the k = 3 values {want}"
    got = pair_value(student.density_coverage(real, fake), "density_coverage(real, fake)")
    want = dc_trusted(real, fake, 5)
    assert all(math.isclose(g, w, rel_tol=1e-12, abs_tol=1e-12) for g, w in zip(got, want)), (
        f"density_coverage(real, fake) without k = {got}; expected the k = 5 values {want}"
    )
    r = np.random.default_rng(11)
    x, u = r.integers(0, 256, size=(4, 6)), r.random((4, 6))
    got = check_array(student.dequantize(x, u), (4, 6), F64, "dequantize(x, u)")
    err = float(np.abs(got - (x + u) / 256).max())
    assert err <= 1e-12, f"dequantize(x, u) without n_bins is off by {err:.3g} from (x + u) / 256"
    log_px = -r.uniform(0, 20, size=5)
    got = real_value(student.bits_per_dim(log_px, 12), "bits_per_dim(log_px, 12)")
    want = bpd_trusted(log_px, 12, 256)
    assert abs(got - want) <= 1e-10 * (1 + abs(want)), (
        f"bits_per_dim(log_px, 12) without n_bins = {got:.10g}; expected {want:.10g} (256 levels)"
    )
