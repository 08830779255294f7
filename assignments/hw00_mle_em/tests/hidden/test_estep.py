"""Hidden tests of HW00: the E-step (responsibilities)."""

import numpy as np
from emcheck import check_array, mixture, nkd, resp, rng
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


def _resp(student, x, w, mu, cov, what="e_step"):
    return check_array(student.e_step(x, w, mu, cov), (x.shape[0], len(w)), what)


@points(5)
@visibility("hidden")
@given(case=nkd(), seed=st.integers(0, 10_000))
@example(case=(3, 3, 3), seed=0)
@example(case=(2, 2, 5), seed=4)
@settings(max_examples=30)
def test_resp_matches_bayes(student, case, seed):
    """e_step returns r_ik = pi_k N(x_i; mu_k, Sigma_k) / sum_j pi_j N(x_i; mu_j, Sigma_j) (Bayes' rule, unequal weights, full covariances; 1e-10 absolute)."""
    n, k, d = case
    g = rng(seed)
    w, mu, cov = mixture(g, k, d)
    x = 2 * g.normal(size=(n, d))
    r = _resp(student, x, w, mu, cov, f"e_step with n = {n}, K = {k}, d = {d}")
    want = resp(x, w, mu, cov)
    err = float(np.abs(r - want).max())
    assert err <= 1e-10, (
        f"the responsibilities differ from the posterior p(z = k | x) by up to {err:.3g} (n = {n}, K = {k}, d = {d})"
    )


@points(4)
@visibility("hidden")
@given(case=nkd(), seed=st.integers(0, 10_000), spread=st.floats(0.5, 8.0))
@example(case=(4, 4, 2), seed=5, spread=3.0)
@settings(max_examples=30)
def test_resp_rows_sum_to_one(student, case, seed, spread):
    """Every row of the responsibilities is a probability distribution over the components: entries in [0, 1] summing to 1 (1e-12), for any n, K, d."""
    n, k, d = case
    g = rng(seed)
    w, mu, cov = mixture(g, k, d, spread=spread)
    x = spread * g.normal(size=(n, d))
    r = _resp(student, x, w, mu, cov, f"e_step with n = {n}, K = {k}, d = {d}")
    assert (r >= 0).all() and (r <= 1 + 1e-12).all(), "some responsibilities are outside [0, 1]"
    worst = float(np.abs(r.sum(1) - 1).max())
    assert worst <= 1e-12, (
        f"a row of the responsibilities sums to 1 {'+' if r.sum(1).max() > 1 else '-'} {worst:.3g}, not 1 "
        f"(n = {n}, K = {k}, d = {d})"
    )


@points(3)
@visibility("hidden")
@given(case=nkd(), seed=st.integers(0, 10_000))
@settings(max_examples=20)
def test_resp_permutation_equivariant(student, case, seed):
    """Relabelling the components permutes the columns of the responsibilities the same way: e_step(x, w[p], mu[p], Sigma[p]) = e_step(x, w, mu, Sigma)[:, p] (1e-12 absolute)."""
    n, k, d = case
    g = rng(seed)
    w, mu, cov = mixture(g, k, d)
    x = 2 * g.normal(size=(n, d))
    p = g.permutation(k)
    r = _resp(student, x, w, mu, cov)
    rp = _resp(student, x, w[p], mu[p], cov[p], "e_step with permuted components")
    err = float(np.abs(rp - r[:, p]).max())
    assert err <= 1e-12, f"permuting the components by {p.tolist()} does not permute the columns (off by {err:.3g})"
    assert float(np.abs(r - resp(x, w, mu, cov)).max()) <= 1e-10, "the responsibilities are not p(z = k | x)"


@points(4)
@visibility("hidden")
def test_resp_far_points(student):
    """Points at distance 1e3 and 1e4 from every mean get valid, finite rows (computed in log space): each is the posterior, essentially one-hot on the component that is least unlikely (1e-10 absolute)."""
    g = rng(21)
    w, mu, cov = mixture(g, 3, 2)
    near = g.normal(size=(3, 2))
    for dist in (1e3, 1e4):
        x = np.concatenate([near, [[dist, 0.0], [0.0, -dist], [-dist, dist]]])
        r = _resp(student, x, w, mu, cov, f"e_step for points at distance {dist:g}")
        want = resp(x, w, mu, cov)
        err = float(np.abs(r - want).max())
        assert err <= 1e-10, f"for points at distance {dist:g} the responsibilities are off by {err:.3g}"
