"""Hidden tests of HW12: zero-order hold and bilinear discretisation."""

import numpy as np
import scipy.linalg
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from ssmcheck import (
    F32,
    F64,
    bilinear_np,
    close,
    expect_tensor,
    f32_ok,
    max_err,
    np64,
    rng,
    stable_dense,
    stable_diag,
    t64,
)

from autograder.testing import points


def _pair(out, what):
    assert isinstance(out, tuple | list) and len(out) == 2, f"{what} should return the pair (Ab, Bb)"
    return out


@points(4)
@given(n=st.integers(1, 6), dt=st.floats(1e-3, 2.0), dtype=st.sampled_from([F64, F32]), seed=st.integers(0, 2**16))
@settings(max_examples=25)
def test_zoh_closed_form(student, n, dt, dtype, seed):
    """discretize_zoh(A, B, delta) for a diagonal A (N,) < 0: Ab = exp(delta A), Bb = (exp(delta A) - 1) / A * B, both of
    shape (N,) in the dtype of A (any N, delta from 1e-3 to 2)."""
    A, B = stable_diag(n, seed), rng(seed + 1).normal(size=n)
    Ab, Bb = _pair(student.discretize_zoh(t64(A).to(dtype), t64(B).to(dtype), dt), "discretize_zoh")
    Ab, Bb = expect_tensor(Ab, (n,), dtype, "Ab"), expect_tensor(Bb, (n,), dtype, "Bb")
    want_a, want_b = np.exp(dt * A), np.expm1(dt * A) / A * B
    for name, got, want in (("Ab", Ab, want_a), ("Bb", Bb, want_b)):
        ok = close(got, want, 1e-10, 1e-12) if dtype == F64 else f32_ok(got, want)
        assert ok, f"discretize_zoh with delta = {dt:.4g}: {name} is off by {max_err(got, want):.3g}"


@points(4)
@given(n=st.integers(1, 5), seed=st.integers(0, 2**16))
@settings(max_examples=15)
def test_zoh_exact_for_piecewise_constant_input(student, n, seed):
    """ZOH is exact for piecewise-constant inputs: scanning the ZOH system (your discretize_zoh, then your ssm_scan with
    diag(Ab)) gives y_k = C x((k+1) delta), where x(t) is the exact solution of x' = A x + B u(t) for u constant on each
    interval (computed with scipy.linalg.expm of the continuous system, interval by interval)."""
    r = rng(seed)
    A, B, C = stable_diag(n, seed), r.normal(size=n), r.normal(size=n)
    dt, L = float(r.uniform(0.05, 0.8)), int(r.integers(1, 12))
    u = r.normal(size=L)
    Ab, Bb = _pair(student.discretize_zoh(t64(A), t64(B), dt), "discretize_zoh")
    Ab = expect_tensor(Ab, (n,), F64, "Ab")
    got = expect_tensor(student.ssm_scan(torch.diag(Ab), expect_tensor(Bb, (n,), F64, "Bb"), t64(C), t64(u)), (L,), F64, "ssm_scan")
    # exact: over one interval with constant input, the augmented state (x, u) evolves by expm([[A, B u], [0, 0]] dt)
    x, want = np.zeros(n), []
    for uk in u:
        M = np.zeros((n + 1, n + 1))
        M[:n, :n], M[:n, n] = np.diag(A), B * uk
        x = (scipy.linalg.expm(M * dt) @ np.append(x, 1.0))[:n]
        want.append(C @ x)
    assert close(got, want, 1e-9, 1e-10), f"ZOH + scan differ from the exact ODE solution by {max_err(got, want):.3g}"


@points(2)
@given(n=st.integers(1, 6), dt=st.sampled_from([1e-6, 1e-8, 1e-10, 1e-12]), dtype=st.sampled_from([F64, F32]),
       seed=st.integers(0, 2**16))
@settings(max_examples=15)
def test_zoh_small_delta(student, n, dt, dtype, seed):
    """discretize_zoh keeps its accuracy for tiny steps (delta from 1e-12 to 1e-6): Bb = expm1(delta A) / A * B to
    relative accuracy 1e-10 in float64 (1e-5 in float32), where exp(delta A) - 1 would cancel; Ab = exp(delta A)."""
    A, B = stable_diag(n, seed), rng(seed + 1).normal(size=n)
    Ab, Bb = _pair(student.discretize_zoh(t64(A).to(dtype), t64(B).to(dtype), dt), "discretize_zoh")
    Ab, Bb = expect_tensor(Ab, (n,), dtype, "Ab"), expect_tensor(Bb, (n,), dtype, "Bb")
    want_a, want_b = np.exp(dt * A), np.expm1(dt * A) / A * B
    rtol = 1e-10 if dtype == F64 else 1e-5
    assert close(Ab, want_a, rtol, 0), f"delta = {dt:.0e}: Ab is off by {max_err(Ab, want_a):.3g}"
    rel = float(np.max(np.abs(np64(Bb) - want_b) / np.abs(want_b)))
    assert rel <= rtol, f"delta = {dt:.0e}: Bb has a relative error of {rel:.3g} (the difference exp(delta A) - 1 cancels)"


@points(4)
@given(n=st.integers(1, 6), dt=st.floats(1e-3, 2.0), seed=st.integers(0, 2**16))
@settings(max_examples=25)
def test_bilinear_closed_form(student, n, dt, seed):
    """discretize_bilinear(A, B, delta) for a dense A (N, N): Ab = (I - delta/2 A)^-1 (I + delta/2 A) (N, N) and
    Bb = (I - delta/2 A)^-1 delta B (N,)."""
    A, B = stable_dense(n, seed), rng(seed + 1).normal(size=n)
    Ab, Bb = _pair(student.discretize_bilinear(t64(A), t64(B), dt), "discretize_bilinear")
    Ab, Bb = expect_tensor(Ab, (n, n), F64, "Ab"), expect_tensor(Bb, (n,), F64, "Bb")
    want_a, want_b = bilinear_np(A, B, dt)
    assert close(Ab, want_a, 1e-9, 1e-11), f"delta = {dt:.4g}: Ab is off by {max_err(Ab, want_a):.3g}"
    assert close(Bb, want_b, 1e-9, 1e-11), f"delta = {dt:.4g}: Bb is off by {max_err(Bb, want_b):.3g}"


@points(4)
def test_bilinear_vs_zoh_orders(student):
    """Bilinear agrees with ZOH to third order per step: halving delta divides |Ab_bil - Ab_zoh| and |Bb_bil - Bb_zoh| by
    about 8 (between 6.5 and 9.5); over a fixed horizon (t = 4, input sin(t)) the outputs differ by O(delta^2): halving
    delta divides the gap by about 4 (between 3.2 and 4.8). Your two discretisations, your ssm_scan."""
    A = np.array([-0.5, -1.0, -2.0])
    B, C = np.array([1.0, -0.5, 0.8]), np.array([0.3, 1.0, -0.7])
    gaps_a, gaps_b, gaps_y = [], [], []
    for dt in (0.2, 0.1, 0.05):
        za, zb = _pair(student.discretize_zoh(t64(A), t64(B), dt), "discretize_zoh")
        ba, bb = _pair(student.discretize_bilinear(t64(np.diag(A)), t64(B), dt), "discretize_bilinear")
        za, zb = expect_tensor(za, (3,), F64, "ZOH Ab"), expect_tensor(zb, (3,), F64, "ZOH Bb")
        ba, bb = expect_tensor(ba, (3, 3), F64, "bilinear Ab"), expect_tensor(bb, (3,), F64, "bilinear Bb")
        assert close(za, np.exp(dt * A), 1e-10, 1e-12) and close(ba, bilinear_np(np.diag(A), B, dt)[0], 1e-9, 1e-11), (
            f"delta = {dt}: the discretised matrices are wrong"
        )
        gaps_a.append(max_err(ba, np.diag(np64(za))))
        gaps_b.append(max_err(bb, zb))
        L = round(4 / dt)
        u = t64(np.sin(dt * np.arange(L)))
        yz = student.ssm_scan(torch.diag(za), zb, t64(C), u)
        yb = student.ssm_scan(ba, bb, t64(C), u)
        gaps_y.append(max_err(expect_tensor(yz, (L,), F64, "ssm_scan"), expect_tensor(yb, (L,), F64, "ssm_scan")))
    for what, gaps, lo, hi in (("Ab", gaps_a, 6.5, 9.5), ("Bb", gaps_b, 6.5, 9.5), ("outputs", gaps_y, 3.2, 4.8)):
        ratios = [gaps[i] / gaps[i + 1] for i in range(2)]
        assert all(lo <= q <= hi for q in ratios), (
            f"bilinear vs ZOH, {what}: gaps {[f'{g:.3g}' for g in gaps]} for delta = 0.2, 0.1, 0.05 shrink by {[f'{q:.3g}' for q in ratios]}; "
            f"expected about {(lo + hi) / 2:.0f} per halving"
        )


@points(3)
@given(n=st.integers(1, 6), dt=st.floats(1e-2, 5.0), seed=st.integers(0, 2**16))
@settings(max_examples=25)
def test_stable_systems_stay_stable(student, n, dt, seed):
    """If every eigenvalue of A has a negative real part, both discretisations have spectral radius < 1 (any delta up to 5),
    and their values are right."""
    A_dense, A_diag, B = stable_dense(n, seed), stable_diag(n, seed), rng(seed + 2).normal(size=n)
    Ab, _ = _pair(student.discretize_bilinear(t64(A_dense), t64(B), dt), "discretize_bilinear")
    Ab = expect_tensor(Ab, (n, n), F64, "bilinear Ab")
    assert close(Ab, bilinear_np(A_dense, B, dt)[0], 1e-8, 1e-10), f"bilinear Ab is off by {max_err(Ab, bilinear_np(A_dense, B, dt)[0]):.3g}"
    rho = float(np.max(np.abs(np.linalg.eigvals(np64(Ab)))))
    assert rho < 1, f"bilinear: a stable A gave a spectral radius {rho:.6g} >= 1"
    Az, _ = _pair(student.discretize_zoh(t64(A_diag), t64(B), dt), "discretize_zoh")
    Az = expect_tensor(Az, (n,), F64, "ZOH Ab")
    assert close(Az, np.exp(dt * A_diag), 1e-10, 1e-12), "ZOH Ab is not exp(delta A)"
    assert float(np.abs(np64(Az)).max()) < 1, "ZOH: a stable A gave |Ab| >= 1"
