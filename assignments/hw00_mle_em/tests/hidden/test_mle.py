"""Hidden tests of HW00: the maximum-likelihood Gaussian."""

import numpy as np
from emcheck import check_array, mle, rel_err, rng
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


@st.composite
def shapes(draw):
    """(n, d): n == d (square data), n == 1, or any n != d."""
    d = draw(st.integers(1, 6))
    n = draw(st.one_of(st.just(d), st.just(1), st.integers(1, 12).filter(lambda n: n != d)))
    return n, d


def _mle(student, x, what):
    out = student.gaussian_mle(x)
    assert isinstance(out, tuple | list) and len(out) == 2, (
        f"{what} should return a tuple (mu, Sigma); got {type(out).__name__}"
    )
    d = x.shape[1]
    return check_array(out[0], (d,), f"{what}: mu"), check_array(out[1], (d, d), f"{what}: Sigma")


@points(6)
@visibility("hidden")
@given(nd=shapes(), seed=st.integers(0, 10_000), scale=st.floats(0.1, 5.0))
@example(nd=(3, 3), seed=0, scale=1.0)
@example(nd=(7, 2), seed=1, scale=2.0)
@settings(max_examples=30)
def test_mle_matches_np_cov(student, nd, seed, scale):
    """gaussian_mle(x) returns the sample mean and np.cov(x, rowvar=False, bias=True) -- the 1/n covariance -- for any n and d (n == d and n == 1 included; float64, 1e-10 relative)."""
    n, d = nd
    g = rng(seed)
    x = scale * g.normal(size=(n, d)) + g.normal(size=d)
    mu, sigma = _mle(student, x, f"gaussian_mle on x of shape {(n, d)}")
    want_mu, want_sigma = mle(x)
    assert rel_err(mu, want_mu) <= 1e-10, (
        f"mu differs from the sample mean by up to {np.abs(mu - want_mu).max():.3g} (n = {n}, d = {d})"
    )
    assert rel_err(sigma, want_sigma) <= 1e-10, (
        f"Sigma differs from the 1/n sample covariance by up to {np.abs(sigma - want_sigma).max():.3g} "
        f"(n = {n}, d = {d})"
    )


@points(4)
@visibility("hidden")
@given(nd=shapes(), seed=st.integers(0, 10_000))
@example(nd=(4, 4), seed=3)
@settings(max_examples=25)
def test_mle_affine_equivariant(student, nd, seed):
    """Fitting the transformed data x A^T + b gives (A mu + b, A Sigma A^T), where (mu, Sigma) is the fit of x (float64, 1e-9 relative)."""
    n, d = nd
    g = rng(seed)
    x = g.normal(size=(n, d))
    a = g.normal(size=(d, d)) + 2 * np.eye(d)
    b = 3 * g.normal(size=d)
    mu, sigma = _mle(student, x, "gaussian_mle(x)")
    mu2, sigma2 = _mle(student, x @ a.T + b, "gaussian_mle(x A^T + b)")
    want_mu, want_sigma = a @ mu + b, a @ sigma @ a.T
    assert rel_err(mu2, want_mu) <= 1e-9 and rel_err(sigma2, want_sigma) <= 1e-9, (
        f"the fit of the transformed data differs from (A mu + b, A Sigma A^T) by up to "
        f"{max(np.abs(mu2 - want_mu).max(), np.abs(sigma2 - want_sigma).max()):.3g} (n = {n}, d = {d})"
    )
    want_mu0, want_sigma0 = mle(x)
    assert rel_err(mu, want_mu0) <= 1e-10 and rel_err(sigma, want_sigma0) <= 1e-10, (
        "the fit of x is not the sample mean and 1/n covariance"
    )
