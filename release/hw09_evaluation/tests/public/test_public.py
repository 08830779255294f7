"""Public checks of HW09 (students get this file; run it with `autograder check`).

They look at a few fixed examples; the hidden tests check the same properties on many random
problems (non-commuting and singular covariances, sets of different sizes, ties, float32), plus
the statistical properties listed in the notebook.
"""

import math

import numpy as np

from autograder.testing import points, visibility


def _num(v, what):
    assert isinstance(v, (float, int, np.floating)) and not isinstance(v, (bool, np.bool_)), (
        f"{what} should be a real float; got {type(v).__name__} {v!r}"
    )
    return float(v)


@points(3)
@visibility("visible")
def test_public_frechet_closed_forms(student):
    """FD(N(0, 1), N(1, 4)) = (0 - 1)^2 + (1 - 2)^2 = 2; FD(N(0, I), N(0, 4 I)) in dimension 3 is 3 (1 - 2)^2 = 3; FD(N, N) = 0."""
    got = _num(student.frechet_distance(np.zeros(1), np.eye(1), np.ones(1), 4 * np.eye(1)), "FD in 1-D")
    assert abs(got - 2.0) <= 1e-9, f"FD(N(0, 1), N(1, 4)) = {got!r}; expected 2"
    got = _num(student.frechet_distance(np.zeros(3), np.eye(3), np.zeros(3), 4 * np.eye(3)), "FD, isotropic")
    assert abs(got - 3.0) <= 1e-9, f"FD(N(0, I), N(0, 4 I)) in 3-D = {got!r}; expected 3"
    s = np.array([[2.0, 0.5], [0.5, 1.0]])
    got = _num(student.frechet_distance(np.ones(2), s, np.ones(2), s.copy()), "FD(N, N)")
    assert abs(got) <= 1e-9, f"FD(N, N) = {got!r}; expected 0"


@points(4)
@visibility("visible")
def test_public_knn_precision_recall(student):
    """knn_radii([0, 1, 3], k=1) = [1, 1, 2] (the nearest OTHER point); identical sets have precision = recall = 1, sets 100 apart 0 and 0."""
    x = np.array([[0.0], [1.0], [3.0]])
    radii = student.knn_radii(x, 1)
    assert isinstance(radii, np.ndarray) and radii.shape == (3,), (
        f"knn_radii should return an array of shape (3,); got {type(radii).__name__} {radii!r}"
    )
    assert np.allclose(radii, [1.0, 1.0, 2.0], atol=1e-12), f"knn_radii = {radii.tolist()}; expected [1, 1, 2]"
    pts = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [3.0, 1.0], [2.0, 2.0]])
    p, r = student.precision_recall(pts, pts.copy(), 2)
    assert (float(p), float(r)) == (1.0, 1.0), f"precision_recall(x, x) = ({p}, {r}); expected (1, 1)"
    p, r = student.precision_recall(pts, pts + 100.0, 2)
    assert (float(p), float(r)) == (0.0, 0.0), f"precision_recall(x, x + 100) = ({p}, {r}); expected (0, 0)"


@points(3)
@visibility("visible")
def test_public_scores(student):
    """IS of 4 balanced one-hot rows is 4 and of uniform rows 1; W1([0, 1, 2], [2, 3, 1]) = 1; the uniform density costs 8 bits per dimension with 256 levels."""
    got = _num(student.inception_score(np.eye(4)), "inception_score(one-hot)")
    assert abs(got - 4.0) <= 1e-9, f"IS of balanced one-hot rows = {got!r}; expected 4"
    got = _num(student.inception_score(np.full((3, 5), 0.2)), "inception_score(uniform)")
    assert abs(got - 1.0) <= 1e-12, f"IS of uniform rows = {got!r}; expected 1"
    got = _num(student.wasserstein_1d(np.array([0.0, 1.0, 2.0]), np.array([2.0, 3.0, 1.0])), "wasserstein_1d")
    assert abs(got - 1.0) <= 1e-12, f"W1([0, 1, 2], [2, 3, 1]) = {got!r}; expected 1"
    got = _num(student.bits_per_dim(np.zeros(4), 784), "bits_per_dim")
    assert abs(got - 8.0) <= 1e-12, f"bits_per_dim(log p = 0, D = 784) = {got!r}; expected log2(256) = 8"
    assert math.isfinite(got)
