"""Hidden tests of HW00: the log-likelihood of a Gaussian mixture."""

import math

import numpy as np
from emcheck import check_float, loglik, mixture, mle, nkd, rng, spd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


def _ll(student, x, w, mu, cov, what="gmm_log_likelihood"):
    return check_float(student.gmm_log_likelihood(x, w, mu, cov), what)


@points(7)
@visibility("hidden")
@given(case=nkd(), seed=st.integers(0, 10_000))
@example(case=(3, 3, 3), seed=0)
@example(case=(2, 2, 4), seed=1)
@settings(max_examples=30)
def test_loglik_matches_scipy(student, case, seed):
    """gmm_log_likelihood is the total over the points of log sum_k pi_k N(x_i; mu_k, Sigma_k), as computed from scipy's multivariate_normal.logpdf and logsumexp (full covariances, any n, K, d; 1e-9 relative)."""
    n, k, d = case
    g = rng(seed)
    w, mu, cov = mixture(g, k, d)
    x = 3 * g.normal(size=(n, d))
    got = _ll(student, x, w, mu, cov)
    want = loglik(x, w, mu, cov)
    assert abs(got - want) <= 1e-9 * (1 + abs(want)), (
        f"the log-likelihood is {got:.12g}; expected {want:.12g} (n = {n}, K = {k}, d = {d})"
    )


@points(4)
@visibility("hidden")
@given(nd=st.tuples(st.integers(2, 12), st.integers(1, 4)), seed=st.integers(0, 10_000))
@settings(max_examples=15)
def test_loglik_one_component_is_gaussian(student, nd, seed):
    """With K = 1 and weight 1 the mixture is one Gaussian; at its MLE (mu, Sigma) the total log-likelihood is -n/2 (d log 2 pi + log det Sigma + d) (1e-9 relative)."""
    n, d = nd
    g = rng(seed)
    x = g.normal(size=(n + d, d)) @ (g.normal(size=(d, d)) + 2 * np.eye(d))  # n + d > d points: Sigma invertible
    mu, sigma = mle(x)
    got = _ll(student, x, np.ones(1), mu[None], sigma[None], "gmm_log_likelihood with K = 1")
    m = n + d
    want = -0.5 * m * (d * math.log(2 * math.pi) + np.linalg.slogdet(sigma)[1] + d)
    assert abs(got - want) <= 1e-9 * (1 + abs(want)), (
        f"with one component at the MLE the log-likelihood is {got:.12g}; expected {want:.12g}"
    )


@points(5)
@visibility("hidden")
def test_loglik_far_points_finite(student):
    """Points at distance 1e3 and 1e4 from every mean (densities that underflow to 0 in float64) give the finite, right log-likelihood: it is computed in log space (1e-9 relative)."""
    g = rng(11)
    w, mu, cov = mixture(g, 3, 2)
    near = g.normal(size=(4, 2))
    for dist in (1e3, 1e4):
        far = np.array([[dist, 0.0], [0.0, -dist], [dist, dist]])
        for name, x in (("far points", far), ("near and far points", np.concatenate([near, far]))):
            got = _ll(student, x, w, mu, cov, f"gmm_log_likelihood for {name} at distance {dist:g}")
            want = loglik(x, w, mu, cov)
            assert abs(got - want) <= 1e-9 * (1 + abs(want)), (
                f"for {name} at distance {dist:g} the log-likelihood is {got:.12g}; expected {want:.12g}"
            )


@points(4)
@visibility("hidden")
@given(case=nkd(max_k=3), seed=st.integers(0, 10_000))
@settings(max_examples=15)
def test_loglik_zero_weight_component(student, case, seed):
    """A component with weight exactly 0 (wherever it sits) counts for nothing: the log-likelihood equals that of the mixture without it (1e-9 relative)."""
    n, k, d = case
    g = rng(seed)
    w, mu, cov = mixture(g, k, d)
    x = 3 * g.normal(size=(n, d))
    extra_mu = np.concatenate([mu, 5 * g.normal(size=(1, d))])
    extra_cov = np.concatenate([cov, spd(g, 1, d)])
    for pos in (0, k):  # the dead component first or last
        order = np.r_[np.arange(k)[:pos], k, np.arange(k)[pos:]]
        w0 = np.r_[w, 0.0][order]
        got = _ll(student, x, w0, extra_mu[order], extra_cov[order], "gmm_log_likelihood with a zero weight")
        want = loglik(x, w, mu, cov)
        assert abs(got - want) <= 1e-9 * (1 + abs(want)), (
            f"adding a component of weight 0 changes the log-likelihood from {want:.12g} to {got:.12g}"
        )
