"""Hidden tests of HW04: the fixed-step ODE solvers (Euler and RK4, forwards and backwards)."""

import torch
from cnfcheck import F64, batch_dims, check_finite, check_tensor, f32_ok, make_field, max_err, randn, trusted_odeint
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.errors import StudentError
from autograder.testing import points, visibility

SPANS = [(0.0, 1.0), (1.0, 0.0), (0.2, 0.7), (0.9, 0.15)]


@points(2)
@visibility("hidden")
@given(
    bd=batch_dims(),
    span=st.sampled_from(SPANS),
    n=st.sampled_from([1, 2, 5, 13]),
    method=st.sampled_from(["euler", "rk4"]),
    seed=st.integers(0, 10_000),
)
@example(bd=(3, 3), span=(1.0, 0.0), n=4, method="euler", seed=0)
@settings(max_examples=10)
def test_odeint_constant_field_exact(student, support, bd, span, n, method, seed):
    """With a constant field v, odeint moves every point by exactly (t1 - t0) v, for both methods, any number of steps, forwards and backwards in time (float64, 1e-12 relative)."""
    b, d = bd
    t0, t1 = span
    v = randn((d,), seed, scale=2.0)
    u = student.remote(support.TimePolynomialField, [1.0], v)
    x0 = randn((b, d), seed + 1)
    got = check_tensor(
        student.odeint(u, x0, t0, t1, n, method=method), (b, d), F64, f"odeint(..., method={method!r})"
    )
    want = x0 + (t1 - t0) * v
    err = max_err(got, want)
    assert err <= 1e-12 * (1 + float(want.abs().max())), (
        f"{method} with {n} steps from t0 = {t0} to t1 = {t1} is off x0 + (t1 - t0) v by {err:.3g}"
    )


@points(3)
@visibility("hidden")
@given(
    coeffs=st.lists(st.floats(-2, 2), min_size=4, max_size=4),
    span=st.sampled_from(SPANS),
    n=st.sampled_from([1, 2, 3, 7]),
    seed=st.integers(0, 10_000),
)
@example(coeffs=[0.0, 0.0, 0.0, 1.0], span=(0.0, 1.0), n=1, seed=0)
@example(coeffs=[0.0, 0.0, 0.0, 1.0], span=(1.0, 0.0), n=3, seed=1)
@settings(max_examples=10)
def test_rk4_exact_for_cubic_in_time(student, support, coeffs, span, n, seed):
    """RK4 is exact for fields p(t) v with p a polynomial of degree 3 (it is Simpson's rule): x(t1) = x(t0) + (P(t1) - P(t0)) v with P' = p; e.g. u = t³ moves a point by 1/4 from t = 0 to 1 (float64, 1e-11 relative)."""
    t0, t1 = span
    v = randn((2,), seed, scale=2.0)
    u = student.remote(support.TimePolynomialField, coeffs, v)
    x0 = randn((3, 2), seed + 1)
    got = check_tensor(student.odeint(u, x0, t0, t1, n, method="rk4"), (3, 2), F64, "odeint(..., method='rk4')")

    def prim(s):
        return sum(c * s ** (k + 1) / (k + 1) for k, c in enumerate(coeffs))

    want = x0 + (prim(t1) - prim(t0)) * v
    err = max_err(got, want)
    assert err <= 1e-11 * (1 + float(want.abs().max())), (
        f"RK4 with {n} step(s) from t0 = {t0} to t1 = {t1} on u = p(t) v, p = {[round(c, 3) for c in coeffs]}, is off "
        f"the exact solution by {err:.3g}"
    )


@points(4)
@visibility("hidden")
def test_odeint_time_grid(student, support):
    """odeint calls the field at s_k = t0 + k h, h = (t1 - t0)/n: Euler once per step at s_k; RK4 four times per step at s_k, s_k + h/2, s_k + h/2, s_k + h, in this order; t is always a tensor of shape (B, 1) in the dtype of x0 (forwards and backwards); and it returns the right x(t1) on the spy's field u = x/2 (x0 times the scheme's one-step factor to the n)."""
    cases = [
        ("euler", 0.0, 1.0, 4, (3, 2), F64),
        ("euler", 1.0, 0.0, 5, (2, 2), F64),
        ("rk4", 0.0, 1.0, 2, (4, 4), F64),
        ("rk4", 1.0, 0.0, 3, (3, 1), torch.float32),
        ("euler", 0.25, 0.75, 2, (2, 3), torch.float32),
    ]
    for method, t0, t1, n, shape, dtype in cases:
        spy = student.remote(support.TimeSpy, 0.5)
        x0 = randn(shape, n, dtype)
        got = check_tensor(
            student.odeint(spy, x0, t0, t1, n, method=method), shape, dtype, f"odeint(..., method={method!r})"
        )
        calls = spy.calls
        assert isinstance(calls, list)
        h = (t1 - t0) / n
        if method == "euler":
            want = [t0 + k * h for k in range(n)]
        else:
            want = [t0 + k * h + f * h for k in range(n) for f in (0.0, 0.5, 0.5, 1.0)]
        seen = [round(c[2][0], 6) if c[2] else None for c in calls]
        what = f"{method} with {n} steps from t0 = {t0} to t1 = {t1}"
        assert len(calls) == len(want), (
            f"{what} should call the field {len(want)} times; it was called {len(calls)} times (at t = {seen})"
        )
        name = str(dtype).replace("torch.", "")
        tol = 1e-12 if dtype == F64 else 1e-6
        for k, (tdtype, tshape, values) in enumerate(calls):
            assert tshape == [shape[0], 1], (
                f"{what}: call {k + 1} of the field got t of shape {tuple(tshape)} ({tdtype}); t must have shape "
                f"({shape[0]}, 1)"
            )
            assert tdtype == name, f"{what}: call {k + 1} of the field got t in {tdtype}; expected {name} like x0"
            assert all(abs(v - want[k]) <= tol for v in values), (
                f"{what} called the field at t = {seen}; expected t = {[round(w, 6) for w in want]}"
            )
        a = 0.5 * h  # the spy's field is u(x, t) = x / 2: one step multiplies x by a polynomial in a
        growth = 1 + a if method == "euler" else 1 + a + a**2 / 2 + a**3 / 6 + a**4 / 24
        final = x0.to(F64) * growth**n
        ok = max_err(got, final) <= 1e-12 * (1 + float(final.abs().max())) if dtype == F64 else f32_ok(got, final)
        assert ok, (
            f"{method} with {n} steps from t0 = {t0} to t1 = {t1} on u = x/2 is off x0 * {growth:.6g}^{n} by "
            f"{max_err(got, final):.3g}"
        )


@points(4)
@visibility("hidden")
@given(
    bd=batch_dims(),
    span=st.sampled_from(SPANS),
    n=st.integers(1, 8),
    method=st.sampled_from(["euler", "rk4"]),
    seed=st.integers(0, 10_000),
)
@example(bd=(3, 3), span=(0.0, 1.0), n=5, method="rk4", seed=0)
@example(bd=(2, 3), span=(1.0, 0.0), n=4, method="euler", seed=1)
@settings(max_examples=12)
def test_odeint_follows_scheme(student, support, bd, span, n, method, seed):
    """For a nonlinear time-dependent field, odeint(..., return_traj=True) returns the n + 1 states of the scheme (shape (n + 1, B, D), first state x0) forwards and backwards in time; without return_traj it returns the last state (float64, 1e-10 relative)."""
    b, d = bd
    t0, t1 = span
    u, local = make_field(student, support, "mlp", d, seed, hidden=8, std=0.7)
    x0 = randn((b, d), seed, scale=1.5)
    want = trusted_odeint(local, x0, t0, t1, n, method)
    what = f"odeint(..., {t0}, {t1}, n_steps={n}, method={method!r}, return_traj=True)"
    traj = check_tensor(student.odeint(u, x0, t0, t1, n, method=method, return_traj=True), (n + 1, b, d), F64, what)
    check_finite(traj, what)
    assert torch.equal(traj[0], x0), f"{what}: the first state is not x0"
    scale = 1 + float(want.abs().max())
    errs = (traj - want).abs().reshape(n + 1, -1).max(1).values
    bad = [k for k in range(n + 1) if float(errs[k]) > 1e-10 * scale]
    assert not bad, (
        f"{what} leaves the {method} scheme at state {bad[0]} (of {n}) by {float(errs[bad[0]]):.3g} (B = {b}, D = {d})"
    )
    last = check_tensor(
        student.odeint(u, x0, t0, t1, n, method=method), (b, d), F64, f"odeint(..., method={method!r})"
    )
    err = max_err(last, want[-1])
    assert err <= 1e-10 * scale, f"odeint's final state is off by {err:.3g} (B = {b}, D = {d}, {method})"


@points(4)
@visibility("hidden")
def test_odeint_convergence_order(student, support):
    """On dx/dt = A x (exact solution e^{(t1 - t0)A} x0), halving the step divides the error by about 2 for Euler (between 1.7 and 2.3) and by about 16 for RK4 (between 12 and 20), forwards and backwards in time."""
    A = torch.tensor([[-0.5, 1.5], [-1.5, -0.5]], dtype=F64)
    u = student.remote(support.LinearField, A)
    x0 = randn((5, 2), 0)
    for t0, t1 in ((0.0, 1.0), (1.0, 0.0)):
        exact = x0 @ torch.linalg.matrix_exp((t1 - t0) * A).T
        for method, ns, (lo, hi) in (("euler", (20, 40), (1.7, 2.3)), ("rk4", (8, 16), (12.0, 20.0))):
            errs = []
            for n in ns:
                got = check_tensor(
                    student.odeint(u, x0, t0, t1, n, method=method), (5, 2), F64, f"odeint(..., method={method!r})"
                )
                errs.append(max_err(got, exact))
            ratio = errs[0] / max(errs[1], 1e-300)
            assert lo <= ratio <= hi, (
                f"{method} from t0 = {t0} to t1 = {t1}: errors {errs[0]:.3g} with {ns[0]} steps and {errs[1]:.3g} with "
                f"{ns[1]} steps, a ratio of {ratio:.3g}; a method of order {1 if method == 'euler' else 4} gives about "
                f"{2 if method == 'euler' else 16}"
            )


@points(1)
@visibility("hidden")
def test_odeint_defaults(student, support):
    """odeint(u, x0, t0, t1, n_steps) uses its documented defaults method='euler' and return_traj=False: on a nonlinear field it returns the last Euler state, of the shape of x0 (float64, 1e-10 relative)."""
    b, d, n = 4, 3, 3
    u, local = make_field(student, support, "mlp", d, 5, hidden=8, std=0.7)
    x0 = randn((b, d), 5, scale=1.5)
    traj = trusted_odeint(local, x0, 0.0, 1.0, n, "euler")
    # The set-up itself: Euler and RK4 are told apart.
    assert max_err(trusted_odeint(local, x0, 0.0, 1.0, n, "rk4")[-1], traj[-1]) > 1e-4
    got = student.odeint(u, x0, 0.0, 1.0, n)
    if isinstance(got, torch.Tensor) and tuple(got.shape) == (n + 1, b, d):
        raise AssertionError(
            f"odeint(u, x0, 0.0, 1.0, {n}) returned the trajectory, shape {(n + 1, b, d)}; by default "
            "(return_traj=False) it returns the state at t1 only"
        )
    got = check_tensor(got, (b, d), F64, f"odeint(u, x0, 0.0, 1.0, {n})")
    err = max_err(got, traj[-1])
    assert err <= 1e-10 * (1 + float(traj.abs().max())), (
        f"odeint(u, x0, 0.0, 1.0, {n}) without a method differs from {n} Euler steps by {err:.3g}; "
        "the default method is 'euler'"
    )


@points(1)
@visibility("hidden")
def test_odeint_unknown_method(student, support):
    """odeint with a method other than 'euler' or 'rk4' raises a ValueError (it does not silently run another scheme)."""
    u, _ = make_field(student, support, "linear", 2, 0)
    x0 = randn((3, 2), 0)
    for method in ("midpoint", "heun"):
        try:
            student.odeint(u, x0, 0.0, 1.0, 2, method=method)
        except StudentError as exc:
            if exc.not_answered:
                raise
            assert exc.kind == "ValueError", f"odeint(..., method={method!r}) raised {exc.kind}; expected a ValueError"
        else:
            raise AssertionError(f"odeint(..., method={method!r}) returned a value; expected a ValueError")
