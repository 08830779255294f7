"""Hidden tests of HW05: conditional velocity and score of Gaussian probability paths."""

from fmcheck import (
    F64,
    check_tensor,
    dpoly,
    log_normal,
    max_err,
    poly,
    randn,
    schedule_coeffs,
    times,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility

bd = st.one_of(
    st.integers(1, 6).map(lambda b: (b, b)),  # batch == feature dim
    st.tuples(st.integers(1, 7), st.integers(1, 5)),
)
LINEAR = ([0.0, 1.0, 0.0], [1.0, -1.0, 0.0])  # alpha_t = t, beta_t = 1 - t


@st.composite
def schedules(draw):
    return draw(st.one_of(st.just(LINEAR), st.composite(schedule_coeffs)()))


def _fns(impl, support, a, b):
    return [impl.remote(support.Polynomial, c) for c in (a, b, dpoly(a), dpoly(b))]


@points(5)
@visibility("hidden")
@given(bd=bd, sched=schedules(), seed=st.integers(0, 10_000))
@example(bd=(3, 3), sched=LINEAR, seed=0)
@example(bd=(4, 2), sched=([0.0, 1.5, -0.3], [1.0, -0.6, -0.2]), seed=1)
@settings(max_examples=20)
def test_gaussian_velocity_is_path_derivative(student, support, bd, sched, seed):
    """gaussian_path_velocity at x = alpha_t z + beta_t eps equals the time derivative of that path, alpha'_t z + beta'_t eps, for random schedules (alpha_t, beta_t) (float64, 1e-9 relative)."""
    b, d = bd
    a, bc = sched
    alpha, beta, dalpha, dbeta = _fns(student, support, a, bc)
    z, eps = randn((b, d), seed, scale=2.0), randn((b, d), seed + 1)
    t = times(b, seed, 2, 0.0, 0.9)
    x = poly(a, t) * z + poly(bc, t) * eps
    got = check_tensor(
        student.gaussian_path_velocity(x, z, t, alpha, beta, dalpha, dbeta),
        (b, d),
        F64,
        "gaussian_path_velocity",
    )
    want = poly(dpoly(a), t) * z + poly(dpoly(bc), t) * eps
    err = max_err(got, want)
    assert err <= 1e-9 * (1 + float(want.abs().max())), (
        f"gaussian_path_velocity differs from the derivative of the path x_t = alpha_t z + beta_t eps by up to "
        f"{err:.3g} (B = {b}, D = {d}, alpha coefficients {a}, beta coefficients {bc})"
    )


@points(3)
@visibility("hidden")
@given(bd=bd, seed=st.integers(0, 10_000))
@example(bd=(3, 3), seed=2)
@settings(max_examples=10)
def test_gaussian_velocity_consistent_with_linear_path(student, support, bd, seed):
    """With alpha_t = t and beta_t = 1 - t, gaussian_path_velocity(sample_path(x0, x1, t), x1, t, ...) equals target_velocity(x0, x1) = x1 - x0 (float64, 1e-9 relative)."""
    b, d = bd
    alpha, beta, dalpha, dbeta = _fns(student, support, *LINEAR)
    x0, x1 = randn((b, d), seed), randn((b, d), seed + 1, scale=2.0)
    t = times(b, seed, 2, 0.0, 0.9)
    x_t = check_tensor(student.sample_path(x0, x1, t), (b, d), F64, "sample_path")
    got = check_tensor(
        student.gaussian_path_velocity(x_t, x1, t, alpha, beta, dalpha, dbeta),
        (b, d),
        F64,
        "gaussian_path_velocity",
    )
    vel = check_tensor(student.target_velocity(x0, x1), (b, d), F64, "target_velocity")
    scale = 1 + float((x1 - x0).abs().max())
    err = max_err(got, vel)
    assert err <= 1e-9 * scale, (
        f"on the linear path, gaussian_path_velocity and target_velocity disagree by up to {err:.3g}"
    )
    err = max_err(got, x1 - x0)
    assert err <= 1e-9 * scale, (
        f"on the linear path, gaussian_path_velocity differs from x1 - x0 by up to {err:.3g}"
    )


@points(4)
@visibility("hidden")
@given(bd=bd, sched=schedules(), seed=st.integers(0, 10_000))
@example(bd=(3, 3), sched=LINEAR, seed=3)
@settings(max_examples=20)
def test_gaussian_score_is_grad_log_density(student, support, bd, sched, seed):
    """gaussian_path_score is the gradient in x of log N(x; alpha_t z, beta_t² I) (autograd on our side), which is -eps / beta_t on the path, for random x and schedules (float64, 1e-9 relative)."""
    b, d = bd
    a, bc = sched
    alpha, beta, _, _ = _fns(student, support, a, bc)
    z, eps = randn((b, d), seed, scale=2.0), randn((b, d), seed + 1)
    t = times(b, seed, 2, 0.0, 0.9)
    x = poly(a, t) * z + poly(bc, t) * eps
    got = check_tensor(
        student.gaussian_path_score(x, z, t, alpha, beta), (b, d), F64, "gaussian_path_score"
    )
    xg = x.clone().requires_grad_(True)
    log_normal(xg, poly(a, t) * z, poly(bc, t)).sum().backward()
    want = xg.grad
    assert want is not None
    err = max_err(got, want)
    assert err <= 1e-9 * (1 + float(want.abs().max())), (
        f"gaussian_path_score differs from grad_x log N(x; alpha_t z, beta_t^2 I) by up to {err:.3g} "
        f"(B = {b}, D = {d})"
    )
    err = max_err(got, -eps / poly(bc, t))
    assert err <= 1e-9 * (1 + float(want.abs().max())), (
        f"at x = alpha z + beta eps the score is not -eps / beta ({err:.3g})"
    )
