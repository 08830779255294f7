"""Hidden tests of HW05: the Euler sampler."""

import torch
from fmcheck import (
    F32,
    F64,
    check_finite,
    check_tensor,
    f32_ok,
    max_err,
    randn,
    time_field,
    trusted_euler,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


@points(3)
@visibility("visible")
def test_euler_constant_field(student, support):
    """With a constant field c, euler_sample moves every point by exactly c, whatever the number of steps (float64, 1e-12)."""
    for k, (shape, n) in enumerate([((3, 3), 1), ((5, 2), 3), ((2, 4), 10), ((2, 1, 3, 3), 4)]):
        c = randn(shape[1:], 30 + k, scale=2.0)
        field = student.remote(support.ConstantField, c)
        x0 = randn(shape, 40 + k)
        got = check_tensor(
            student.euler_sample(field, x0, n), shape, F64, f"euler_sample with {n} steps"
        )
        err = max_err(got, x0 + c)
        assert err <= 1e-12, (
            f"with the constant field c and {n} step(s), euler_sample should return x0 + c; off by {err:.3g}"
        )


@points(6)
@visibility("hidden")
def test_euler_time_grid(student, support):
    """euler_sample(model, x0, n) calls the model exactly n times, at t = 0, 1/n, ..., (n-1)/n in this order (never t = 1), each time with t a tensor of shape (B, 1) ((B, 1, 1, 1) for images) in the dtype of x0; for the field u(x, t) = x / 2 it returns x0 (1 + 1/(2n))^n."""
    cases = [
        ((4, 4), 1, F64),
        ((3, 2), 2, F64),
        ((5, 3), 5, F64),
        ((2, 2), 7, F32),
        ((2, 1, 2, 2), 3, F64),
    ]
    for shape, n, dtype in cases:
        spy = student.remote(support.TimeSpy, 0.5)
        x0 = randn(shape, n, dtype)
        got = check_tensor(
            student.euler_sample(spy, x0, n), shape, dtype, f"euler_sample with {n} steps"
        )
        calls = spy.calls
        assert isinstance(calls, list)
        seen = [c[2][0] if c[2] else None for c in calls]
        assert len(calls) == n, (
            f"with n_steps = {n} the model should be called {n} times; it was called {len(calls)} times "
            f"(at t = {seen})"
        )
        want_shape = [shape[0]] + [1] * (len(shape) - 1)
        dname = str(dtype).replace("torch.", "")
        tol = 1e-12 if dtype == F64 else 1e-6
        for k, (tdtype, tshape, values) in enumerate(calls):
            assert tshape == want_shape, (
                f"call {k + 1} of the model got t of shape {tuple(tshape)} ({tdtype}); t must be a tensor of "
                f"shape {tuple(want_shape)} for x of shape {shape}"
            )
            assert tdtype == dname, (
                f"call {k + 1} of the model got t in {tdtype}; expected {dname} like x0"
            )
            assert all(abs(v - k / n) <= tol for v in values), (
                f"with n_steps = {n} the model was called at t = {seen}; Euler evaluates the field at the start "
                f"of each step: t = {[round(j / n, 6) for j in range(n)]}"
            )
        want = x0.to(F64) * (1 + 0.5 / n) ** n  # Euler for u(x, t) = x / 2, in closed form
        ok = (
            max_err(got, want) <= 1e-12 * (1 + float(want.abs().max()))
            if dtype == F64
            else f32_ok(got, want)
        )
        assert ok, (
            f"for the field u(x, t) = x / 2 and {n} steps euler_sample should return x0 (1 + 1/(2n))^n; "
            f"off by {max_err(got, want):.3g}"
        )


@points(4)
@visibility("hidden")
@given(
    b=st.integers(1, 6),
    d=st.integers(1, 4),
    n=st.sampled_from([1, 2, 5, 50]),
    seed=st.integers(0, 10_000),
)
@example(b=3, d=3, n=10, seed=0)
@settings(max_examples=12)
def test_euler_exact_field_lands_on_point(student, support, b, d, n, seed):
    """With the exact field of a single data point, (x1 - x) / (1 - t), Euler lands exactly on x1 from any noise, for any number of steps (float64, 1e-9)."""
    point = randn((d,), seed, scale=2.0)
    field = student.remote(support.SinglePointField, point)
    x0 = randn((b, d), seed + 1, scale=2.0)
    got = check_tensor(
        student.euler_sample(field, x0, n), (b, d), F64, f"euler_sample with {n} steps"
    )
    check_finite(got, "euler_sample's result")
    err = max_err(got, point.expand(b, d))
    assert err <= 1e-9, (
        f"with {n} steps Euler ends {err:.3g} away from the data point (it should land on it)"
    )


@points(4)
@visibility("hidden")
@given(
    bd=st.one_of(
        st.integers(1, 5).map(lambda b: (b, b)), st.tuples(st.integers(1, 6), st.integers(1, 4))
    ),
    n=st.integers(1, 12),
    seed=st.integers(0, 10_000),
)
@example(bd=(3, 3), n=6, seed=1)
@settings(max_examples=12)
def test_euler_trajectory(student, support, bd, n, seed):
    """For a time-dependent field, euler_sample's trajectory (return_traj=True, shape (n+1, B, D)) starts at x0 and follows x_{k+1} = x_k + u(x_k, k/n)/n; without return_traj it returns the last state (float64, 1e-10)."""
    b, d = bd
    field, local = time_field(student, support, d, seed)
    x0 = randn((b, d), seed, scale=2.0)
    want = trusted_euler(local, x0, n)
    traj = check_tensor(
        student.euler_sample(field, x0, n, return_traj=True),
        (n + 1, b, d),
        F64,
        f"euler_sample(..., n_steps={n}, return_traj=True)",
    )
    assert torch.equal(traj[0], x0), "the trajectory's first entry is not x0"
    scale = 1 + float(want.abs().max())
    errs = (traj - want).abs().reshape(n + 1, -1).max(1).values
    bad = [k for k in range(n + 1) if float(errs[k]) > 1e-10 * scale]
    assert not bad, (
        f"the trajectory leaves the Euler scheme at state {bad[0]} (of {n}) by {float(errs[bad[0]]):.3g} "
        f"(B = {b}, D = {d})"
    )
    last = check_tensor(
        student.euler_sample(field, x0, n), (b, d), F64, f"euler_sample(..., n_steps={n})"
    )
    err = max_err(last, want[-1])
    assert err <= 1e-10 * scale, (
        f"euler_sample's final state is off by {err:.3g} (B = {b}, D = {d})"
    )
