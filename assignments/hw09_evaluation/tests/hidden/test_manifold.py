"""Hidden tests of HW09: k-NN radii, precision/recall (Kynkäänniemi et al.) and density/coverage (Naeem et al.)."""

import math

import numpy as np
from evalcheck import (
    check_array,
    dc_trusted,
    gaussian,
    knn_trusted,
    nd,
    pair_value,
    pr_trusted,
    seeds,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


def _lattice(n: int, d: int, seed: int) -> np.ndarray:
    """Integer points (exact distances, many ties, some duplicates)."""
    return np.random.default_rng(seed).integers(-3, 4, size=(n, d)).astype(np.float64)


@points(3)
@visibility("hidden")
@given(nd=nd, seed=seeds, k=st.integers(1, 4), lattice=st.booleans())
@example(nd=(5, 5), seed=0, k=1, lattice=False)
@example(nd=(8, 2), seed=1, k=3, lattice=True)
@settings(max_examples=30)
def test_knn_radii_values(student, nd, seed, k, lattice):
    """knn_radii(x, k) is the distance to the k-th nearest OTHER point (shape (n,), dtype of x); a duplicate row is another point at distance 0."""
    n, d = nd
    k = min(k, n - 1)
    x = _lattice(n, d, seed) if lattice else gaussian(n, d, seed)
    got = check_array(student.knn_radii(x, k), (n,), np.float64, f"knn_radii(x of shape {x.shape}, k={k})")
    want = knn_trusted(x, k)
    err = float(np.abs(got - want).max())
    assert err <= 1e-9 * (1 + want.max()), (
        f"knn_radii(x, k={k}) is off by {err:.3g}: got {np.round(got, 4).tolist()}, "
        f"expected {np.round(want, 4).tolist()}"
    )


@points(2)
@visibility("hidden")
@given(n=st.integers(2, 20), d=st.integers(1, 4), seed=seeds)
@settings(max_examples=15)
def test_knn_radii_k1_positive_on_distinct_points(student, n, d, seed):
    """With k = 1 on distinct points every radius is > 0 (a point is not its own nearest neighbour), and equals the nearest-neighbour distance."""
    x = gaussian(n, d, seed)
    got = check_array(student.knn_radii(x, 1), (n,), np.float64, "knn_radii(x, 1)")
    assert (got > 0).all(), (
        f"knn_radii(x, 1) has zero radii on distinct points: {np.round(got, 4).tolist()}"
    )
    want = knn_trusted(x, 1)
    assert np.allclose(got, want, rtol=1e-9, atol=1e-12), (
        f"knn_radii(x, 1) = {np.round(got, 4).tolist()}; expected {np.round(want, 4).tolist()}"
    )


@points(1)
@visibility("hidden")
def test_knn_radii_duplicate_rows(student):
    """A duplicate row is another point at distance 0: a duplicated point has radius 0 for every k below its number of copies, and the next distance after that; the point itself never counts."""
    x = np.array([[0.0, 0.0], [0.0, 0.0], [3.0, 4.0], [6.0, 8.0], [6.0, 8.0], [6.0, 8.0], [-3.0, 4.0]])
    for k in (1, 2, 3):
        got = check_array(student.knn_radii(x, k), (7,), np.float64, f"knn_radii(x with duplicate rows, k={k})")
        want = knn_trusted(x, k)
        assert np.allclose(got, want, rtol=1e-12, atol=1e-12), (
            f"knn_radii(x, k={k}) on points with duplicate rows = {got.tolist()}; expected {want.tolist()} "
            f"(a duplicate is another point at distance 0)"
        )


@points(2)
@visibility("hidden")
@given(n=st.integers(4, 25), d=st.integers(1, 4), k=st.integers(1, 3), seed=seeds)
@example(n=4, d=4, k=3, seed=0)
@settings(max_examples=15)
def test_precision_recall_identical_sets(student, n, d, k, seed):
    """Identical real and fake sets have precision = recall = 1; and a second pair of sets gets the right values."""
    x = gaussian(n, d, seed)
    p, r = pair_value(student.precision_recall(x, x.copy(), k), "precision_recall(x, x)")
    assert p == 1.0 and r == 1.0, f"precision_recall(x, x) = ({p}, {r}); expected (1, 1)"
    y = gaussian(n + 3, d, seed + 1, 1.5, 0.8)
    p, r = pair_value(student.precision_recall(x, y, k), "precision_recall(real, fake)")
    want = pr_trusted(x, y, k)
    assert (p, r) == want, f"precision_recall(real, fake, k={k}) = ({p}, {r}); expected {want}"


@points(2)
@visibility("hidden")
@given(n=st.integers(4, 25), d=st.integers(1, 4), k=st.integers(1, 3), seed=seeds)
@settings(max_examples=15)
def test_precision_recall_far_shifted(student, n, d, k, seed):
    """A fake set shifted far away (by 100) has precision = recall = 0; the same set moved back has precision and recall of the trusted computation."""
    x, y = gaussian(n, d, seed), gaussian(n + 2, d, seed + 1)
    p, r = pair_value(student.precision_recall(x, y + 100.0, k), "precision_recall(real, far fake)")
    assert p == 0.0 and r == 0.0, f"for a fake set 100 away, precision_recall = ({p}, {r}); expected (0, 0)"
    p, r = pair_value(student.precision_recall(x, y, k), "precision_recall(real, fake)")
    want = pr_trusted(x, y, k)
    assert (p, r) == want, f"precision_recall(real, fake, k={k}) = ({p}, {r}); expected {want}"


@points(2)
@visibility("hidden")
@given(n=st.integers(3, 20), m=st.integers(3, 20), d=st.integers(1, 4), k=st.integers(1, 2), seed=seeds)
@example(n=10, m=6, d=2, k=2, seed=0)
@settings(max_examples=20)
def test_precision_recall_swap_symmetry(student, n, m, d, k, seed):
    """Swapping the roles of the two sets swaps precision and recall: P(real, fake) = R(fake, real), and the values are right."""
    real, fake = gaussian(n, d, seed), gaussian(m, d, seed + 1, 2.0, 0.5)
    p, r = pair_value(student.precision_recall(real, fake, k), "precision_recall(real, fake)")
    p2, r2 = pair_value(student.precision_recall(fake, real, k), "precision_recall(fake, real)")
    assert (p, r) == (r2, p2), (
        f"precision_recall(real, fake) = ({p}, {r}) but precision_recall(fake, real) = ({p2}, {r2})"
    )
    want = pr_trusted(real, fake, k)
    assert (p, r) == want, f"precision_recall(real, fake, k={k}) = ({p}, {r}); expected {want}"


@points(3)
@visibility("hidden")
@given(n=st.integers(3, 30), m=st.integers(3, 30), d=st.integers(1, 5), k=st.integers(1, 5), seed=seeds, shift=st.sampled_from([0.0, 0.7, 2.0]))
@example(n=30, m=10, d=2, k=3, seed=0, shift=0.7)  # a sparse fake set: low recall
@example(n=5, m=5, d=5, k=2, seed=1, shift=0.0)  # n == m == d
@settings(max_examples=30)
def test_precision_recall_values(student, n, m, d, k, seed, shift):
    """Precision is the fraction of fake points inside the union of the real k-NN balls, recall the fraction of real points inside the union of the fake k-NN balls (exact, for sets of different sizes and any k < size)."""
    k = min(k, n - 1, m - 1)
    real, fake = gaussian(n, d, seed), gaussian(m, d, seed + 1, 1.5, shift)
    got = pair_value(student.precision_recall(real, fake, k), "precision_recall(real, fake)")
    want = pr_trusted(real, fake, k)
    assert got == want, (
        f"precision_recall(real {real.shape}, fake {fake.shape}, k={k}) = {got}; expected {want}"
    )


@points(2)
@visibility("hidden")
def test_precision_recall_boundary_is_inside(student):
    """A point at distance exactly equal to a k-NN radius is inside the manifold (<=, not <)."""
    real = np.array([[0.0], [1.0], [3.0]])  # 1-NN radii 1, 1, 2
    fake = np.array([[2.0], [5.0], [-1.0]])  # 1-NN radii 3, 3, 3 ... all on or inside the boundary
    got = pair_value(student.precision_recall(real, fake, 1), "precision_recall on a line")
    assert got == (1.0, 1.0), f"precision_recall on points of a line = {got}; expected (1, 1)"
    for seed in range(3):
        a, b = _lattice(12, 2, seed), _lattice(9, 2, seed + 50) + 1.0
        got = pair_value(student.precision_recall(a, b, 2), "precision_recall on lattice points")
        want = pr_trusted(a, b, 2)
        assert got == want, f"precision_recall on integer points (ties) = {got}; expected {want}"
        got = pair_value(student.density_coverage(a, b, 2), "density_coverage on lattice points")
        want = dc_trusted(a, b, 2)
        assert got == want, f"density_coverage on integer points (ties) = {got}; expected {want}"


@points(3)
@visibility("hidden")
@given(n=st.integers(3, 30), m=st.integers(2, 30), d=st.integers(1, 5), k=st.integers(1, 6), seed=seeds, shift=st.sampled_from([0.0, 0.7, 2.0]))
@example(n=20, m=8, d=2, k=5, seed=0, shift=0.0)
@example(n=4, m=4, d=4, k=2, seed=1, shift=0.7)
@settings(max_examples=30)
def test_density_coverage_values(student, n, m, d, k, seed, shift):
    """density = sum over fake points of the number of real k-NN balls containing them, / (k m); coverage = fraction of real balls containing some fake point (exact)."""
    k = min(k, n - 1)
    real, fake = gaussian(n, d, seed), gaussian(m, d, seed + 1, 1.2, shift)
    got = pair_value(student.density_coverage(real, fake, k), "density_coverage(real, fake)")
    want = dc_trusted(real, fake, k)
    assert all(math.isclose(g, w, rel_tol=1e-12, abs_tol=1e-12) for g, w in zip(got, want)), (
        f"density_coverage(real {real.shape}, fake {fake.shape}, k={k}) = {got}; expected {want}"
    )


@points(3)
@visibility("hidden")
def test_density_coverage_same_distribution(student):
    """On real and fake samples of the same distribution, density averages 1 and coverage averages 1 - C(n-1, k) / (n+m-1 choose k) (both exact expectations, by exchangeability), within 5 standard errors over 40 seeded draws; coverage is high."""
    n = m = 60
    k = 5
    dens, cov = [], []
    for seed in range(40):
        real, fake = gaussian(n, 3, 1000 + seed), gaussian(m, 3, 2000 + seed)
        dd, cc = pair_value(student.density_coverage(real, fake, k), "density_coverage")
        dens.append(dd)
        cov.append(cc)
    dens, cov = np.array(dens), np.array(cov)
    want_cov = 1 - math.comb(n - 1, k) / math.comb(n + m - 1, k)  # 0.97
    for vals, want, what in ((dens, 1.0, "density"), (cov, want_cov, "coverage")):
        se = vals.std(ddof=1) / math.sqrt(len(vals))
        assert abs(vals.mean() - want) <= 5 * se + 1e-3, (
            f"on same-distribution samples the mean {what} is {vals.mean():.4f} "
            f"(standard error {se:.4f}); expected {want:.4f}"
        )
    assert cov.mean() > 0.9, f"coverage averages {cov.mean():.3f} on same-distribution samples"
