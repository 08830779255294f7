"""Hidden tests of HW00: the M-step (weighted maximum likelihood)."""

import numpy as np
from emcheck import check_params, mle, mstep, nkd, rel_err, rng
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


def _m(student, x, r, reg, what="m_step"):
    k, d = r.shape[1], x.shape[1]
    return check_params(student.m_step(x, r, reg_covar=reg), k, d, what)


def _close(got, want, tol, what):
    for name, a, b in zip(("weights", "means", "covs"), got, want, strict=True):
        assert rel_err(a, b) <= tol, (
            f"{what}: the {name} differ from the weighted MLE by up to {np.abs(a - b).max():.3g}"
        )


@points(6)
@visibility("hidden")
@given(case=nkd(max_n=10), seed=st.integers(0, 10_000), reg=st.sampled_from([0.0, 1e-6, 0.1]))
@example(case=(3, 3, 3), seed=0, reg=1e-6)
@example(case=(4, 2, 4), seed=1, reg=0.0)
@settings(max_examples=30)
def test_mstep_matches_formula(student, case, seed, reg):
    """For soft responsibilities (random rows summing to 1), m_step returns pi_k = N_k / n, mu_k = sum_i r_ik x_i / N_k and Sigma_k = sum_i r_ik (x_i - mu_k)(x_i - mu_k)^T / N_k + reg_covar I (1e-9 relative)."""
    n, k, d = case
    g = rng(seed)
    x = 2 * g.normal(size=(n, d)) + g.normal(size=d)
    r = g.dirichlet(np.full(k, 1.0), size=n)
    got = _m(student, x, r, reg, f"m_step with n = {n}, K = {k}, d = {d}")
    _close(got, mstep(x, r, reg), 1e-9, f"m_step with n = {n}, K = {k}, d = {d}, reg_covar = {reg:g}")


@points(5)
@visibility("hidden")
@given(k=st.integers(1, 4), d=st.integers(1, 3), seed=st.integers(0, 10_000))
@example(k=3, d=3, seed=2)
@settings(max_examples=20)
def test_mstep_one_hot_is_cluster_mle(student, k, d, seed):
    """With hard labels (one-hot responsibilities, every cluster non-empty) and reg_covar = 0, m_step returns each cluster's Gaussian MLE (mean, 1/n_k covariance) and the weights n_k / n (1e-10 relative)."""
    g = rng(seed)
    sizes = g.integers(1, 6, size=k)
    labels = g.permutation(np.repeat(np.arange(k), sizes))
    x = 3 * g.normal(size=(len(labels), d))
    w, mu, cov = _m(student, x, np.eye(k)[labels], 0.0, "m_step with one-hot responsibilities")
    for j in range(k):
        m, c = mle(x[labels == j])
        assert rel_err(mu[j], m) <= 1e-10 and rel_err(cov[j], c) <= 1e-10, (
            f"with hard labels, component {j} ({sizes[j]} points) is not the Gaussian MLE of its cluster"
        )
    assert rel_err(w, sizes / sizes.sum()) <= 1e-12, (
        f"with hard labels the weights are {w.tolist()}; expected the cluster fractions {(sizes / sizes.sum()).tolist()}"
    )


@points(3)
@visibility("hidden")
def test_mstep_ridge(student):
    """reg_covar adds reg_covar times the identity to every covariance and changes nothing else; its default is 1e-6 (1e-12 absolute)."""
    g = rng(31)
    x = g.normal(size=(9, 3))
    r = g.dirichlet(np.ones(3), size=9)
    base = _m(student, x, r, 0.0, "m_step(reg_covar = 0)")
    _close(base, mstep(x, r, 0.0), 1e-9, "m_step(reg_covar = 0)")
    for reg in (0.5, 1e-3):
        w, mu, cov = _m(student, x, r, reg, f"m_step(reg_covar = {reg:g})")
        assert np.abs(w - base[0]).max() <= 1e-12 and np.abs(mu - base[1]).max() <= 1e-12, (
            "reg_covar changes the weights or the means"
        )
        err = float(np.abs(cov - base[2] - reg * np.eye(3)).max())
        assert err <= 1e-12, f"the covariances with reg_covar = {reg:g} are not those with 0 plus {reg:g} I (off by {err:.3g})"
    out = student.m_step(x, r)
    default = check_params(out, 3, 3, "m_step(x, resp) with the default reg_covar")
    err = float(np.abs(default[2] - base[2] - 1e-6 * np.eye(3)).max())
    assert err <= 1e-12, f"the default reg_covar is not 1e-6 (the covariances are off by {err:.3g})"


@points(4)
@visibility("hidden")
def test_mstep_empty_component(student):
    """A component with no responsibility at all (an all-zero column, N_k = 0) gets weight exactly 0, the mean of all the data and the MLE covariance of all the data plus reg_covar I, as the notebook states; the other components are unaffected (1e-10 relative)."""
    g = rng(41)
    for k, d, empty in ((3, 2, 1), (2, 2, 0), (4, 3, 3), (3, 3, 2)):
        labels = np.array([j for j in range(k) if j != empty] * 3)
        x = 2 * g.normal(size=(len(labels), d))
        r = np.eye(k)[labels]
        for reg in (0.0, 1e-6, 0.25):
            w, mu, cov = _m(student, x, r, reg, f"m_step with an empty component {empty} of {k}")
            assert w[empty] == 0.0, f"the empty component {empty} has weight {w[empty]!r}; expected exactly 0"
            m, c = mle(x)
            assert rel_err(mu[empty], m) <= 1e-10, (
                f"the empty component's mean is {mu[empty].tolist()}; expected the data mean {m.tolist()}"
            )
            assert rel_err(cov[empty], c + reg * np.eye(d)) <= 1e-10, (
                "the empty component's covariance is not the MLE covariance of all the data plus reg_covar I"
            )
            _close((w, mu, cov), mstep(x, r, reg), 1e-10, "m_step with an empty component")
