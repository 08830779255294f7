"""Hidden tests of HW05: the closed-form marginal field of an empirical distribution."""

import torch
from fmcheck import F64, check_finite, check_tensor, closed_form, max_err, randn
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


@st.composite
def cases(draw):
    """(B, N, D, t): batch often equal to the dimension, N != D, t = 0 or in (0, 0.95]."""
    d = draw(st.integers(1, 5))
    b = draw(st.one_of(st.just(d), st.integers(1, 6)))
    n = draw(st.integers(1, 7))
    t = draw(st.one_of(st.just(0.0), st.floats(0.01, 0.95)))
    return b, n, d, t


@points(5)
@visibility("hidden")
@given(case=cases(), seed=st.integers(0, 10_000))
@example(case=(3, 5, 3, 0.5), seed=0)
@example(case=(4, 6, 2, 0.9), seed=1)
@settings(max_examples=25)
def test_closed_form_matches_formula(student, case, seed):
    """closed_form_velocity(x, t, data) = (Σ_i w_i x_i - x) / (1 - t) with w = softmax over the training points of -||x - t x_i||² / (2 (1 - t)²), row by row (float64, 1e-8 relative)."""
    b, n, d, t = case
    x, data = randn((b, d), seed, scale=2.0), randn((n, d), seed + 1, scale=2.0)
    got = check_tensor(
        student.closed_form_velocity(x, t, data),
        (b, d),
        F64,
        f"closed_form_velocity on x ({b}, {d}), data ({n}, {d})",
    )
    want = closed_form(x, t, data)
    err = max_err(got, want)
    assert err <= 1e-8 * (1 + float(want.abs().max())), (
        f"closed_form_velocity at t = {t:.4g} (B = {b}, N = {n}, D = {d}) differs from the optimal field "
        f"by up to {err:.3g}"
    )


@points(2)
@visibility("hidden")
def test_closed_form_single_point(student):
    """With a single training point x1 the closed-form field is (x1 - x) / (1 - t) (float64, 1e-10 relative)."""
    for k, (b, d, t) in enumerate([(3, 2, 0.0), (4, 4, 0.5), (2, 3, 0.99)]):
        x, point = randn((b, d), 50 + k, scale=2.0), randn((1, d), 60 + k, scale=2.0)
        got = check_tensor(
            student.closed_form_velocity(x, t, point), (b, d), F64, "closed_form_velocity"
        )
        want = (point - x) / (1 - t)
        err = max_err(got, want)
        assert err <= 1e-10 * (1 + float(want.abs().max())), (
            f"with one training point, at t = {t}, the field differs from (x1 - x) / (1 - t) by up to {err:.3g}"
        )


@points(3)
@visibility("hidden")
def test_closed_form_stable_far_and_near_one(student):
    """closed_form_velocity stays finite and right for points far from the data (|x| = 40 and more) and at t = 0.999, 0.9999 (the softmax is computed from logits, stably) (float64, 1e-6 relative)."""
    data = randn((5, 3), 70, scale=2.0)
    near = data[[0, 2, 4]] + 0.01 * randn((3, 3), 71)
    far = 40 * torch.tensor([[1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [1.0, 1.0, 1.0]], dtype=F64)
    for t in (0.0, 0.5, 0.999, 0.9999):
        for name, x in (("near the data", near), ("far from the data", far)):
            got = check_tensor(
                student.closed_form_velocity(x, t, data), (3, 3), F64, "closed_form_velocity"
            )
            check_finite(got, f"closed_form_velocity at t = {t} for points {name}")
            want = closed_form(x, t, data)
            err = max_err(got, want)
            assert err <= 1e-6 * (1 + float(want.abs().max())), (
                f"closed_form_velocity at t = {t} for points {name} differs from the optimal field by up to {err:.3g}"
            )


@points(2)
@visibility("hidden")
@given(case=cases(), seed=st.integers(0, 10_000))
@example(case=(3, 4, 3, 0.7), seed=2)
@settings(max_examples=15)
def test_closed_form_translation_equivariant(student, case, seed):
    """Translating the data by c translates the field: u(x + t c, t; data + c) = u(x, t; data) + c (float64, 1e-8 relative)."""
    b, n, d, t = case
    x, data = randn((b, d), seed, scale=2.0), randn((n, d), seed + 1, scale=2.0)
    c = randn((d,), seed + 2, scale=3.0)
    u = check_tensor(student.closed_form_velocity(x, t, data), (b, d), F64, "closed_form_velocity")
    v = check_tensor(
        student.closed_form_velocity(x + t * c, t, data + c), (b, d), F64, "closed_form_velocity"
    )
    err = max_err(v, u + c)
    assert err <= 1e-8 * (1 + float(u.abs().max()) + float(c.abs().max())), (
        f"u(x + t c, t; data + c) - (u(x, t; data) + c) is up to {err:.3g} at t = {t:.4g}"
    )


@points(5)
@visibility("hidden")
def test_closed_form_memorises_training_points(student):
    """Integrating the closed-form field with 200 Euler steps (done by the test, t = k/200) from Gaussian noise ends within 1e-6 of a training point for every sample: the ideal field memorises the data."""
    data = randn((6, 2), 80, scale=2.0)
    x = randn((12, 2), 81)
    n = 200
    for k in range(n):
        u = check_tensor(
            student.closed_form_velocity(x, k / n, data), (12, 2), F64, "closed_form_velocity"
        )
        check_finite(u, f"closed_form_velocity at t = {k}/{n}")
        x = x + u / n
    dist = torch.cdist(x, data).min(1).values
    worst = float(dist.max())
    assert worst <= 1e-6, (
        f"after 200 Euler steps with the closed-form field, a sample is {worst:.3g} away from the nearest "
        "training point (every sample should land on one)"
    )
