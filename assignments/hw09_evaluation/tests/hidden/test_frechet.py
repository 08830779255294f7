"""Hidden tests of HW09: the Fréchet distance between Gaussians and FID from features."""

import numpy as np
from evalcheck import (
    close,
    fd_eigen,
    fd_scale,
    fd_scipy,
    fid_trusted,
    gaussian,
    mean_vec,
    non_commuting,
    real_value,
    seeds,
    spd,
    stats_of,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


def _fd(impl, mu1, s1, mu2, s2, what="frechet_distance"):
    return real_value(impl.frechet_distance(mu1, s1, mu2, s2), what)


@points(4)
@visibility("hidden")
@given(d=st.integers(1, 6), seed=seeds, scale=st.sampled_from([0.1, 1.0, 4.0]))
@example(d=4, seed=0, scale=1.0)
@settings(max_examples=25)
def test_fd_nonnegative_symmetric_zero_for_identical(student, d, seed, scale):
    """The Fréchet distance is >= 0 (up to round-off), symmetric in its two Gaussians, 0 for identical statistics, and equals ||mu1 - mu2||^2 + tr(S1 + S2 - 2 (S1^{1/2} S2 S1^{1/2})^{1/2})."""
    mu1, mu2 = mean_vec(d, seed, scale), mean_vec(d, seed + 1, scale)
    s1, s2 = spd(d, seed, scale), spd(d, seed + 1, scale)
    tol = 1e-9 * fd_scale(mu1, s1, mu2, s2)
    ab, ba = _fd(student, mu1, s1, mu2, s2), _fd(student, mu2, s2, mu1, s1)
    same = _fd(student, mu1, s1, mu1.copy(), s1.copy())
    assert ab >= -tol, f"FD(N1, N2) = {ab:.6g} is negative"
    assert abs(ab - ba) <= tol + 1e-9 * abs(ab), (
        f"not symmetric: FD(N1, N2) = {ab:.12g} but FD(N2, N1) = {ba:.12g}"
    )
    assert abs(same) <= tol, f"FD(N, N) = {same:.6g} for identical statistics; expected 0"
    want = fd_scipy(mu1, s1, mu2, s2)
    assert close(ab, want, 1e-7, tol), f"FD(N1, N2) = {ab:.10g}; expected {want:.10g}"


@points(2)
@visibility("hidden")
@given(d=st.integers(1, 5), seed=seeds)
@settings(max_examples=15)
def test_fd_translation_invariant(student, d, seed):
    """Shifting both means by the same vector c leaves the distance unchanged, and the value is right."""
    mu1, mu2 = mean_vec(d, seed), mean_vec(d, seed + 1)
    s1, s2 = spd(d, seed), spd(d, seed + 1)
    c = mean_vec(d, seed + 2, 10.0)
    base = _fd(student, mu1, s1, mu2, s2)
    moved = _fd(student, mu1 + c, s1, mu2 + c, s2)
    tol = 1e-9 * fd_scale(mu1 + c, s1, mu2 + c, s2)
    assert abs(base - moved) <= tol, (
        f"shifting both means by c changed the distance from {base:.12g} to {moved:.12g}"
    )
    want = fd_scipy(mu1, s1, mu2, s2)
    assert close(base, want, 1e-7, 1e-9), f"FD = {base:.10g}; expected {want:.10g}"


@points(2)
@visibility("hidden")
@given(
    m1=st.floats(-5, 5), m2=st.floats(-5, 5), s1=st.floats(0.0, 3.0), s2=st.floats(0.0, 3.0)
)
@example(m1=0.0, m2=1.0, s1=1.0, s2=2.0)
@example(m1=1.0, m2=1.0, s1=0.0, s2=0.5)
@settings(max_examples=25)
def test_fd_one_dimensional_closed_form(student, m1, m2, s1, s2):
    """In one dimension (mu of shape (1,), sigma of shape (1, 1) holding the variance s^2) the distance is (m1 - m2)^2 + (s1 - s2)^2."""
    got = _fd(
        student, np.array([m1]), np.array([[s1 * s1]]), np.array([m2]), np.array([[s2 * s2]])
    )
    want = (m1 - m2) ** 2 + (s1 - s2) ** 2
    assert close(got, want, 1e-8, 1e-10 * (1 + m1 * m1 + m2 * m2 + s1 * s1 + s2 * s2)), (
        f"FD(N({m1}, {s1}^2), N({m2}, {s2}^2)) = {got:.10g}; expected (m1 - m2)^2 + (s1 - s2)^2 = {want:.10g}"
    )


@points(3)
@visibility("hidden")
@given(d=st.integers(1, 8), a=st.floats(0.0, 5.0), b=st.floats(0.0, 5.0), seed=seeds)
@example(d=4, a=1.0, b=4.0, seed=0)
@settings(max_examples=25)
def test_fd_isotropic_and_diagonal_closed_form(student, d, a, b, seed):
    """Isotropic covariances a I and b I give ||mu1 - mu2||^2 + d (sqrt a - sqrt b)^2; diagonal ones give ||mu1 - mu2||^2 + sum_i (sqrt a_i - sqrt b_i)^2."""
    mu1, mu2 = mean_vec(d, seed), mean_vec(d, seed + 1)
    dm = float((mu1 - mu2) @ (mu1 - mu2))
    got = _fd(student, mu1, a * np.eye(d), mu2, b * np.eye(d))
    want = dm + d * (np.sqrt(a) - np.sqrt(b)) ** 2
    assert close(got, want, 1e-8, 1e-10 * (1 + dm + d * (a + b))), (
        f"FD with covariances {a:.4g} I and {b:.4g} I in dimension {d}: {got:.10g}; expected {want:.10g}"
    )
    r = np.random.default_rng(seed)
    va, vb = r.uniform(0, 4, d), r.uniform(0, 4, d)
    got = _fd(student, mu1, np.diag(va), mu2, np.diag(vb))
    want = dm + float(((np.sqrt(va) - np.sqrt(vb)) ** 2).sum())
    assert close(got, want, 1e-8, 1e-10 * (1 + dm + va.sum() + vb.sum())), (
        f"FD with diagonal covariances: {got:.10g}; expected {want:.10g}"
    )


@points(5)
@visibility("hidden")
@given(d=st.integers(2, 6), seed=seeds)
@example(d=2, seed=0)
@example(d=5, seed=1)
@settings(max_examples=20)
def test_fd_non_commuting_matches_scipy_sqrtm(student, d, seed):
    """For covariances that do not commute (S1 S2 != S2 S1), the distance matches a trusted computation with scipy.linalg.sqrtm of S1^{1/2} S2 S1^{1/2} to 1e-7 relative (tr(S1^{1/2} S2^{1/2}) or an entry-wise square root are not the same)."""
    s1, s2 = non_commuting(d, seed)
    assert np.abs(s1 @ s2 - s2 @ s1).max() > 0.1  # the case really is non-commuting
    mu1, mu2 = mean_vec(d, seed), mean_vec(d, seed + 1)
    want = fd_scipy(mu1, s1, mu2, s2)
    for args, w, what in (
        ((mu1, s1, mu2, s2), want, "FD(N1, N2)"),
        ((mu2, s2, mu1, s1), want, "FD(N2, N1)"),
        ((mu1, s1, mu1, s2), want - float((mu1 - mu2) @ (mu1 - mu2)), "FD with equal means"),
    ):
        got = _fd(student, *args, what=what)
        assert close(got, w, 1e-7, 1e-9 * fd_scale(*args)), (
            f"{what} for non-commuting covariances in dimension {d}: {got:.10g}; "
            f"scipy.linalg.sqrtm gives {w:.10g}"
        )


@points(1)
@visibility("hidden")
@given(d=st.integers(1, 5), seed=seeds, eps=st.sampled_from([1e-6, 1e-3, 0.1]))
@example(d=3, seed=0, eps=0.1)
@settings(max_examples=15)
def test_fd_eps_only_for_a_failing_root(student, d, seed, eps):
    """eps regularises only a square root that comes out non-finite: on well-conditioned covariances frechet_distance(..., eps=eps) is the exact distance (1e-7 relative) whatever eps is, and the same as with the default."""
    mu1, mu2 = mean_vec(d, seed), mean_vec(d, seed + 1)
    s1, s2 = spd(d, seed) + 0.5 * np.eye(d), spd(d, seed + 1, 2.0) + 0.5 * np.eye(d)
    want = fd_scipy(mu1, s1, mu2, s2)
    tol = 1e-9 * fd_scale(mu1, s1, mu2, s2)
    got = real_value(student.frechet_distance(mu1, s1, mu2, s2, eps=eps), f"frechet_distance(..., eps={eps})")
    assert close(got, want, 1e-7, tol), (
        f"frechet_distance(..., eps={eps}) on non-singular covariances = {got:.10g}; "
        f"the exact distance is {want:.10g} (eps is only for a square root that fails)"
    )
    default = _fd(student, mu1, s1, mu2, s2, "frechet_distance with the default eps")
    assert close(default, want, 1e-7, tol), f"FD = {default:.10g}; expected {want:.10g}"


@points(4)
@visibility("hidden")
@given(nd=st.sampled_from([(2, 4), (3, 6), (4, 8), (5, 5), (3, 3)]), seed=seeds)
@example(nd=(3, 6), seed=0)
@settings(max_examples=20)
def test_fd_rank_deficient_is_finite_and_right(student, nd, seed):
    """Sample covariances of n < d points (singular, rank n - 1) still give a real, finite, non-negative distance, close to the exact value (within what adding eps = 1e-6 to both diagonals changes); FD(N, N) is 0."""
    n, d = nd
    f1, f2 = gaussian(n, d, seed), gaussian(n + 1, d, seed + 1, 1.5, 0.3)
    (mu1, s1), (mu2, s2) = stats_of(f1), stats_of(f2)
    exact = fd_eigen(mu1, s1, mu2, s2)
    slack = 2 * abs(fd_eigen(mu1, s1, mu2, s2, eps=1e-6) - exact) + 1e-7 * fd_scale(mu1, s1, mu2, s2)
    got = _fd(student, mu1, s1, mu2, s2, "frechet_distance on singular covariances")
    assert got >= -slack, f"FD = {got:.6g} is negative"
    assert abs(got - exact) <= slack, (
        f"FD on rank-deficient covariances (n = {n} points in d = {d}) is {got:.10g}; "
        f"expected {exact:.10g} (tolerance {slack:.2g})"
    )
    same = _fd(student, mu1, s1, mu1.copy(), s1.copy(), "frechet_distance(N, N), singular")
    assert abs(same) <= slack, f"FD(N, N) = {same:.6g} for a singular covariance; expected 0"


@points(4)
@visibility("hidden")
@given(n1=st.integers(2, 30), n2=st.integers(2, 30), d=st.integers(1, 6), seed=seeds)
@example(n1=20, n2=7, d=3, seed=0)  # n != d
@example(n1=4, n2=4, d=4, seed=1)  # n == d
@example(n1=3, n2=5, d=6, seed=2)  # n < d: singular covariances
@settings(max_examples=25)
def test_fid_from_features_matches_trusted(student, n1, n2, d, seed):
    """fid_from_features(f1, f2) is the Fréchet distance between the row means and the sample covariances (ddof = 1, features in columns), for n != d, n == d and n < d."""
    f1, f2 = gaussian(n1, d, seed), gaussian(n2, d, seed + 1, 1.3, 0.5)
    got = real_value(student.fid_from_features(f1, f2), "fid_from_features")
    want = fid_trusted(f1, f2)
    (mu1, s1), (mu2, s2) = stats_of(f1), stats_of(f2)
    slack = 2 * abs(fd_eigen(mu1, s1, mu2, s2, eps=1e-6) - want) if min(n1, n2) <= d else 0.0
    tol = slack + 1e-7 * fd_scale(mu1, s1, mu2, s2)
    assert abs(got - want) <= tol, (
        f"fid_from_features on features of shapes {f1.shape} and {f2.shape}: {got:.10g}; "
        f"expected {want:.10g}"
    )


@points(2)
@visibility("hidden")
@given(v=st.lists(st.floats(-5, 5), min_size=2, max_size=12), w=st.lists(st.floats(-5, 5), min_size=2, max_size=12))
@example(v=[-1.0, 1.0], w=[0.0, 0.0])
@settings(max_examples=20)
def test_fid_one_dimensional_uses_sample_std(student, v, w):
    """For one feature, FID = (mean1 - mean2)^2 + (std1 - std2)^2 with the sample standard deviations (ddof = 1)."""
    a, b = np.array(v)[:, None], np.array(w)[:, None]
    got = real_value(student.fid_from_features(a, b), "fid_from_features on (n, 1) features")
    want = (a.mean() - b.mean()) ** 2 + (a.std(ddof=1) - b.std(ddof=1)) ** 2
    assert close(got, want, 1e-8, 1e-9 * (1 + a.var() + b.var() + a.mean() ** 2 + b.mean() ** 2)), (
        f"fid_from_features({v}, {w}) = {got:.10g}; expected {want:.10g}"
    )
