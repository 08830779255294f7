"""Hidden tests run on every graded function: inputs untouched, float32 inputs give float64 results,
and the right values when n == d or n == K."""

import numpy as np
from emcheck import F64, check_array, check_float, em, loglik, mixture, mle, mstep, rel_err, resp, rng

from autograder.testing import points, visibility


def _calls(n=6, k=3, d=2, seed=0):
    """(name, args, trusted result) for every graded function on one problem."""
    g = rng(seed)
    w, mu, cov = mixture(g, k, d)
    x = 2 * g.normal(size=(n, d))
    r = g.dirichlet(np.ones(k), size=n)
    return [
        ("gaussian_mle", (x,), mle(x)),
        ("gmm_log_likelihood", (x, w, mu, cov), loglik(x, w, mu, cov)),
        ("e_step", (x, w, mu, cov), resp(x, w, mu, cov)),
        ("m_step", (x, r), mstep(x, r, 1e-6)),
        ("em_gmm", (x, w, mu, cov, 3), em(x, w, mu, cov, 3, 1e-6)),
    ]


def _compare(name, got, want, what, tol=1e-9):
    """``got`` against the trusted ``want``; every array float64, every number a float."""
    if isinstance(want, float):
        v = check_float(got, what)
        assert abs(v - want) <= tol * (1 + abs(want)), f"{what} is {v:.12g}; expected {want:.12g}"
        return
    if isinstance(want, np.ndarray):
        a = check_array(got, want.shape, what)
        assert rel_err(a, want) <= tol, f"{what} is off by {np.abs(a - want).max():.3g}"
        return
    assert isinstance(got, tuple | list) and len(got) == len(want), (
        f"{what} should be a tuple of {len(want)}; got {type(got).__name__}"
    )
    for i, (a, b) in enumerate(zip(got, want, strict=True)):
        _compare(name, a, b, f"{what}[{i}]", tol)


@points(3)
@visibility("hidden")
def test_inputs_untouched(student, support):
    """No graded function modifies its arrays (x, weights, means, covs, resp) in place, and each returns the right values."""
    for n, k, d in ((6, 3, 2), (3, 2, 3)):
        for name, args, want in _calls(n, k, d, seed=n):
            got, after = student.remote(support.call_keeping_arrays, student.get(name), *args)
            for i, (before, now) in enumerate(zip(args, after, strict=True)):
                if isinstance(before, np.ndarray):
                    assert isinstance(now, np.ndarray) and np.array_equal(now, before), (
                        f"{name} modified its argument #{i + 1} in place"
                    )
            _compare(name, got, want, name)


@points(3)
@visibility("hidden")
def test_float32_inputs_float64_results(student):
    """Given float32 arrays, every graded function computes in float64 and returns float64 arrays (floats for the log-likelihood) equal to the float64 computation on the same values (1e-9 relative); also when n == d and n == K."""
    for n, k, d in ((5, 3, 2), (3, 3, 3), (2, 2, 4)):
        for name, args, _ in _calls(n, k, d, seed=10 + n):
            args32 = tuple(a.astype(np.float32) if isinstance(a, np.ndarray) else a for a in args)
            args64 = tuple(a.astype(F64) if isinstance(a, np.ndarray) else a for a in args32)
            want = dict((nm, w) for nm, _, w in _calls_on(args64, name))[name]
            got = getattr(student, name)(*args32)
            _compare(name, got, want, f"{name} on float32 inputs (n = {n}, K = {k}, d = {d})")


def _calls_on(args, name):
    """The trusted result of ``name`` on exactly these (float64) arguments."""
    funcs = {
        "gaussian_mle": lambda x: mle(x),
        "gmm_log_likelihood": lambda *a: loglik(*a),
        "e_step": lambda *a: resp(*a),
        "m_step": lambda x, r: mstep(x, r, 1e-6),
        "em_gmm": lambda x, w, mu, cov, t: em(x, w, mu, cov, t, 1e-6),
    }
    return [(name, args, funcs[name](*args))]
