"""Public checks of HW00 (students get this file; run it with `autograder check`).

They look at shapes and at a few small examples worked out by hand; the hidden tests check the
same properties over many shapes and parameters, plus the properties listed in the notebook.
"""

import math

import numpy as np

from autograder.testing import points, visibility


def _array(a, shape, what):
    assert isinstance(a, np.ndarray), f"{what} should be a NumPy array; got {type(a).__name__}"
    assert a.shape == tuple(shape), f"{what} has shape {a.shape}; expected {tuple(shape)}"
    assert a.dtype == np.float64, f"{what} has dtype {a.dtype}; expected float64"
    return a


@points(3)
@visibility("visible")
def test_public_gaussian_mle(student):
    """gaussian_mle of four points at the corners of a 2 x 4 rectangle centred at (1, -1): the mean is the centre and the covariance diag(1, 4) (1/n normalisation)."""
    x = np.array([[0.0, -3.0], [2.0, -3.0], [0.0, 1.0], [2.0, 1.0]])
    out = student.gaussian_mle(x)
    assert isinstance(out, tuple) and len(out) == 2, "gaussian_mle should return a tuple (mu, Sigma)"
    mu = _array(out[0], (2,), "mu")
    sigma = _array(out[1], (2, 2), "Sigma")
    assert np.allclose(mu, [1.0, -1.0], atol=1e-12), f"mu is {mu.tolist()}; expected [1, -1]"
    assert np.allclose(sigma, [[1.0, 0.0], [0.0, 4.0]], atol=1e-12), (
        f"Sigma is {sigma.tolist()}; expected [[1, 0], [0, 4]] (the 1/n covariance)"
    )


@points(3)
@visibility("visible")
def test_public_log_likelihood_standard_normal(student):
    """For one standard normal component in 2-D, the log-likelihood of the points (0, 0) and (1, 1) is the total -2 log(2 pi) - 1."""
    x = np.array([[0.0, 0.0], [1.0, 1.0]])
    ll = student.gmm_log_likelihood(x, np.array([1.0]), np.zeros((1, 2)), np.eye(2)[None])
    assert isinstance(ll, float | np.floating), f"gmm_log_likelihood should return a float; got {type(ll).__name__}"
    want = -2 * math.log(2 * math.pi) - 1.0
    assert abs(float(ll) - want) <= 1e-10, f"the log-likelihood is {float(ll):.10g}; expected {want:.10g}"


@points(4)
@visibility("visible")
def test_public_e_step_symmetric(student):
    """Two unit-variance 1-D components at -1 and +1 with equal weights: a point at 0 is shared half-half, a point at 1 has responsibilities proportional to (e^-2, 1); rows sum to 1."""
    x = np.array([[0.0], [1.0], [-1.0]])
    r = _array(
        student.e_step(x, np.array([0.5, 0.5]), np.array([[-1.0], [1.0]]), np.ones((2, 1, 1))),
        (3, 2),
        "e_step(x, ...) for 3 points and 2 components",
    )
    a = math.exp(-2) / (1 + math.exp(-2))
    want = np.array([[0.5, 0.5], [a, 1 - a], [1 - a, a]])
    assert np.allclose(r, want, atol=1e-12), f"the responsibilities are {r.tolist()}; expected {want.tolist()}"
