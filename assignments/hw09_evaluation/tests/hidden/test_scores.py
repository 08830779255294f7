"""Hidden tests of HW09: Inception score, kernel MMD (unbiased and biased), 1-D Wasserstein, bits per dimension."""

import math

import numpy as np
from evalcheck import (
    bpd_trusted,
    check_array,
    close,
    dirichlet_probs,
    gaussian,
    is_trusted,
    mmd_biased_trusted,
    mmd_scale,
    mmd_unbiased_trusted,
    real_value,
    seeds,
    w1_trusted,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


# -- Inception score -----------------------------------------------------------------------------
@points(2)
@visibility("hidden")
@given(n=st.integers(1, 40), kk=st.integers(2, 10), alpha=st.sampled_from([0.05, 0.5, 3.0]), seed=seeds)
@example(n=10, kk=10, alpha=0.5, seed=0)
@settings(max_examples=30)
def test_inception_score_bounds_and_values(student, n, kk, alpha, seed):
    """For class probabilities drawn from a Dirichlet, 1 <= IS <= K, and IS = exp(mean_i KL(p(y|x_i) || p(y))) to 1e-9 relative."""
    p = dirichlet_probs(n, kk, seed, alpha)
    got = real_value(student.inception_score(p), "inception_score")
    assert 1 - 1e-9 <= got <= kk * (1 + 1e-9), f"IS = {got:.6g} is outside [1, K = {kk}]"
    want = is_trusted(p)
    assert close(got, want, 1e-9, 1e-12), f"IS = {got:.12g}; expected {want:.12g}"


@points(1)
@visibility("hidden")
@given(n=st.integers(1, 20), kk=st.integers(1, 12))
@settings(max_examples=15)
def test_inception_score_uniform_is_one(student, n, kk):
    """If every p(y|x) is the same distribution (here uniform), the score is exactly 1 (to 1e-12)."""
    got = real_value(student.inception_score(np.full((n, kk), 1.0 / kk)), "inception_score(uniform)")
    assert abs(got - 1.0) <= 1e-12, f"IS of identical uniform rows = {got!r}; expected 1"


@points(2)
@visibility("hidden")
@given(kk=st.integers(2, 12), reps=st.integers(1, 4), seed=seeds)
@example(kk=10, reps=1, seed=0)
@settings(max_examples=15)
def test_inception_score_balanced_one_hot_is_k(student, kk, reps, seed):
    """Confident, balanced predictions (one-hot rows, each class equally often) give IS = K, with 0 log 0 = 0; unbalanced one-hot rows give exp(H(class frequencies))."""
    p = np.tile(np.eye(kk), (reps, 1))[np.random.default_rng(seed).permutation(kk * reps)]
    got = real_value(student.inception_score(p), "inception_score(one-hot rows)")
    assert abs(got - kk) <= 1e-9 * kk, f"IS of balanced one-hot rows = {got!r}; expected K = {kk}"
    labels = np.random.default_rng(seed).integers(0, kk, size=3 * kk)
    q = np.eye(kk)[labels]
    freq = np.bincount(labels, minlength=kk) / len(labels)
    want = math.exp(-sum(f * math.log(f) for f in freq if f > 0))
    got = real_value(student.inception_score(q), "inception_score(unbalanced one-hot rows)")
    assert close(got, want, 1e-9, 1e-12), (
        f"IS of one-hot rows with class frequencies {np.round(freq, 3).tolist()} = {got!r}; expected {want:.10g}"
    )


# -- MMD ------------------------------------------------------------------------------------------
def _mmd_cases():
    return st.tuples(st.integers(2, 15), st.integers(2, 15), st.integers(1, 5), seeds, st.sampled_from([0.0, 0.5]))


@points(3)
@visibility("hidden")
@given(case=_mmd_cases())
@example(case=(4, 4, 4, 0, 0.0))  # m == n == d
@example(case=(10, 3, 2, 1, 0.5))  # m != n
@settings(max_examples=30)
def test_mmd2_unbiased_values(student, case):
    """mmd2_unbiased with the KID kernel (x.y/d + 1)^3 leaves out the k(x_i, x_i) and k(y_j, y_j) terms, averages the cross terms over all m n pairs, and handles m != n (1e-9 relative to the kernel's size)."""
    m, n, d, seed, shift = case
    x, y = gaussian(m, d, seed), gaussian(n, d, seed + 1, 1.2, shift)
    got = real_value(student.mmd2_unbiased(x, y), "mmd2_unbiased")
    want = mmd_unbiased_trusted(x, y)
    assert abs(got - want) <= 1e-9 * mmd_scale(x, y), (
        f"mmd2_unbiased on x {x.shape}, y {y.shape}: {got:.12g}; expected {want:.12g}"
    )


@points(3)
@visibility("hidden")
def test_mmd2_unbiased_mean_zero_on_same_distribution(student):
    """On x and y from the same distribution the unbiased estimate averages 0 (within 5 standard errors over 200 seeded draws), while the biased one is clearly positive."""
    vals, biased = [], []
    for seed in range(200):
        x, y = gaussian(12, 3, 3000 + seed), gaussian(9, 3, 5000 + seed)
        vals.append(real_value(student.mmd2_unbiased(x, y), "mmd2_unbiased"))
        if seed < 20:
            biased.append(real_value(student.mmd2_biased(x, y), "mmd2_biased"))
    v = np.array(vals)
    se = v.std(ddof=1) / math.sqrt(len(v))
    assert abs(v.mean()) <= 5 * se, (
        f"mmd2_unbiased averages {v.mean():.4g} over 200 pairs of same-distribution samples "
        f"(standard error {se:.3g}); an unbiased estimate averages 0"
    )
    assert v.std() > 0 and (v < 0).any(), "an unbiased estimate takes negative values on equal distributions"
    b = np.array(biased)
    assert (b > 0).all() and b.mean() > 10 * se, (
        f"mmd2_biased averages {b.mean():.4g} on same-distribution samples; it should be clearly > 0"
    )


@points(2)
@visibility("hidden")
@given(m=st.integers(5, 30), n=st.integers(5, 30), d=st.integers(1, 4), seed=seeds)
@settings(max_examples=15)
def test_mmd2_unbiased_shift_and_symmetry(student, m, n, d, seed):
    """mmd2_unbiased(x, y) = mmd2_unbiased(y, x), and a mean shift of 3 makes it clearly > 0; both values right."""
    x, y = gaussian(m, d, seed), gaussian(n, d, seed + 1, 1.0, 3.0)
    xy = real_value(student.mmd2_unbiased(x, y), "mmd2_unbiased(x, y)")
    yx = real_value(student.mmd2_unbiased(y, x), "mmd2_unbiased(y, x)")
    tol = 1e-9 * mmd_scale(x, y)
    assert abs(xy - yx) <= tol, f"mmd2_unbiased(x, y) = {xy:.10g} but mmd2_unbiased(y, x) = {yx:.10g}"
    assert xy > 0.5, f"mmd2_unbiased = {xy:.4g} for samples whose means differ by 3; expected > 0"
    want = mmd_unbiased_trusted(x, y)
    assert abs(xy - want) <= tol, f"mmd2_unbiased(x, y) = {xy:.10g}; expected {want:.10g}"


@points(2)
@visibility("hidden")
@given(case=_mmd_cases())
@example(case=(4, 4, 4, 0, 0.0))
@example(case=(10, 3, 2, 1, 0.5))
@settings(max_examples=30)
def test_mmd2_biased_values(student, case):
    """mmd2_biased is the V-statistic: the means of k over all pairs (diagonals included) of x with x and y with y, minus twice the mean over x with y."""
    m, n, d, seed, shift = case
    x, y = gaussian(m, d, seed), gaussian(n, d, seed + 1, 1.2, shift)
    got = real_value(student.mmd2_biased(x, y), "mmd2_biased")
    want = mmd_biased_trusted(x, y)
    assert abs(got - want) <= 1e-9 * mmd_scale(x, y), (
        f"mmd2_biased on x {x.shape}, y {y.shape}: {got:.12g}; expected {want:.12g}"
    )


@points(2)
@visibility("hidden")
@given(m=st.integers(2, 15), d=st.integers(1, 5), seed=seeds)
@example(m=4, d=4, seed=0)
@settings(max_examples=20)
def test_mmd2_biased_nonnegative_zero_for_same_rows(student, m, d, seed):
    """mmd2_biased is >= 0 (up to round-off) and 0 when y holds the rows of x in another order; for other sets it has the trusted value."""
    x, y = gaussian(m, d, seed), gaussian(m + 2, d, seed + 1)
    tol = 1e-10 * mmd_scale(x, x)
    perm = np.random.default_rng(seed).permutation(m)
    same = real_value(student.mmd2_biased(x, x[perm]), "mmd2_biased(x, permuted x)")
    assert abs(same) <= tol, f"mmd2_biased(x, x in another order) = {same:.6g}; expected 0"
    got = real_value(student.mmd2_biased(x, y), "mmd2_biased(x, y)")
    assert got >= -tol, f"mmd2_biased(x, y) = {got:.6g} < 0"
    want = mmd_biased_trusted(x, y)
    assert abs(got - want) <= 1e-9 * mmd_scale(x, y), f"mmd2_biased(x, y) = {got:.10g}; expected {want:.10g}"


# -- Wasserstein-1 in one dimension ---------------------------------------------------------------
@points(3)
@visibility("hidden")
@given(n=st.integers(1, 40), seed=seeds, scale=st.sampled_from([0.5, 1.0, 3.0]))
@example(n=5, seed=0, scale=1.0)
@settings(max_examples=30)
def test_wasserstein_1d_matches_scipy(student, n, seed, scale):
    """wasserstein_1d(x, y) equals scipy.stats.wasserstein_distance(x, y) for samples of equal size (1e-10)."""
    r = np.random.default_rng(seed)
    x, y = r.standard_normal(n), scale * r.standard_exponential(n) - 0.5
    got = real_value(student.wasserstein_1d(x, y), "wasserstein_1d")
    want = w1_trusted(x, y)
    assert close(got, want, 1e-10, 1e-12), f"wasserstein_1d = {got:.12g}; scipy gives {want:.12g}"


@points(1)
@visibility("hidden")
@given(n=st.integers(1, 30), c=st.floats(-5, 5), seed=seeds)
@example(n=6, c=-2.5, seed=0)
@settings(max_examples=20)
def test_wasserstein_1d_shift_is_abs_c(student, n, c, seed):
    """Shifting a sample by c (and shuffling it) moves it by exactly |c| in W1."""
    x = np.random.default_rng(seed).standard_normal(n)
    y = (x + c)[np.random.default_rng(seed + 1).permutation(n)]
    got = real_value(student.wasserstein_1d(x, y), "wasserstein_1d(x, shuffled x + c)")
    assert close(got, abs(c), 1e-9, 1e-12), f"W1(x, x + {c}) = {got:.12g}; expected |c| = {abs(c):.12g}"


# -- bits per dimension --------------------------------------------------------------------------
@points(2)
@visibility("hidden")
@given(shape=st.sampled_from([(5,), (3, 4), (2, 3, 3)]), n_bins=st.sampled_from([2, 16, 256]), seed=seeds)
@example(shape=(3, 4), n_bins=256, seed=0)
@settings(max_examples=20)
def test_dequantize_values(student, shape, n_bins, seed):
    """dequantize(x, u, n_bins) = (x + u) / n_bins in the dtype of u (float32 or float64), in [0, 1) for x in {0, ..., n_bins - 1} and u in [0, 1)."""
    r = np.random.default_rng(seed)
    x = r.integers(0, n_bins, size=shape)
    for dtype in (np.float64, np.float32):
        u = r.random(shape).astype(dtype)
        u.flat[0] = 0.0
        got = check_array(student.dequantize(x, u, n_bins), shape, dtype, f"dequantize with {np.dtype(dtype)} noise")
        want = (x + u.astype(np.float64)) / n_bins
        err = float(np.abs(got.astype(np.float64) - want).max())
        assert err <= (1e-12 if dtype == np.float64 else 1e-6), (
            f"dequantize(x, u, {n_bins}) is off by {err:.3g} from (x + u) / n_bins"
        )
        if dtype == np.float64:
            assert got.min() >= 0 and got.max() < 1, "dequantised values leave [0, 1)"
    got = check_array(
        student.dequantize(x.astype(np.uint8), np.zeros(shape), n_bins),
        shape, np.float64, "dequantize(uint8 x, float64 zeros)",
    )
    assert np.allclose(got, x / n_bins, rtol=0, atol=1e-15), "dequantize(x, 0, n_bins) should be x / n_bins (uint8 x)"


@points(1)
@visibility("hidden")
@given(n_dims=st.integers(1, 3072), n_bins=st.sampled_from([2, 16, 256]), b=st.integers(1, 8))
@example(n_dims=784, n_bins=256, b=4)
@settings(max_examples=20)
def test_bits_per_dim_uniform_density(student, n_dims, n_bins, b):
    """The uniform density on [0, 1)^D (log p = 0 for every image) costs exactly log2(n_bins) bits per dimension: 8 for 256 levels."""
    got = real_value(student.bits_per_dim(np.zeros(b), n_dims, n_bins), "bits_per_dim(uniform)")
    assert close(got, math.log2(n_bins), 1e-12, 1e-12), (
        f"bits_per_dim of the uniform density with {n_bins} levels = {got!r}; expected log2({n_bins}) = {math.log2(n_bins)}"
    )


@points(3)
@visibility("hidden")
@given(n_dims=st.integers(1, 12), n_bins=st.sampled_from([2, 4, 256]), b=st.integers(1, 10), seed=seeds)
@example(n_dims=3, n_bins=4, b=5, seed=0)
@settings(max_examples=25)
def test_bits_per_dim_histogram_is_code_length(student, n_dims, n_bins, b, seed):
    """For a histogram density that is n_bins * P(level) on each bin (a discrete model P, independent coordinates), bits_per_dim of dequantised data is exactly the discrete code length -log2 P(x) / D averaged over the batch."""
    r = np.random.default_rng(seed)
    probs = r.dirichlet(np.ones(n_bins), size=n_dims)  # P(level) per coordinate
    x = r.integers(0, n_bins, size=(b, n_dims))
    logp_discrete = np.log(probs[np.arange(n_dims), x]).sum(1)  # (b,)
    log_px = logp_discrete + n_dims * math.log(n_bins)  # density of the dequantised data on [0, 1)^D
    got = real_value(student.bits_per_dim(log_px, n_dims, n_bins), "bits_per_dim")
    want = float((-logp_discrete / math.log(2)).mean() / n_dims)
    assert close(got, want, 1e-10, 1e-10), (
        f"bits_per_dim of a histogram model = {got:.12g}; its discrete code length is {want:.12g} bits per dimension"
    )
    got1 = real_value(student.bits_per_dim(log_px, n_dims, 1), "bits_per_dim(n_bins=1)")
    want1 = float(-log_px.mean() / (n_dims * math.log(2)))
    assert close(got1, want1, 1e-10, 1e-10), (
        f"with n_bins = 1, bits_per_dim = {got1:.12g}; expected -mean(log p) / (D log 2) = {want1:.12g}"
    )
    assert close(want, bpd_trusted(log_px, n_dims, n_bins), 1e-10, 1e-10)
