"""Hidden tests of HW04: the exact divergence."""

import torch
from cnfcheck import F64, batch_dims, check_finite, check_tensor, make_field, max_err, randn, rel_err, times, trace
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


@points(5)
@visibility("hidden")
@given(
    bd=batch_dims(),
    kind=st.sampled_from(["mlp", "elementwise"]),
    seed=st.integers(0, 10_000),
)
@example(bd=(3, 3), kind="mlp", seed=0)
@example(bd=(5, 2), kind="mlp", seed=1)
@settings(max_examples=12)
def test_divergence_is_jacobian_trace(student, support, bd, kind, seed):
    """divergence_exact(u, x, t) is the trace of the Jacobian du/dx of each row (computed here with jacrev), for time-dependent nonlinear fields, any batch size and dimension (float64, 1e-10 relative)."""
    b, d = bd
    u, local = make_field(student, support, kind, d, seed)
    x, t = randn((b, d), seed, scale=1.5), times(b, seed)
    got = check_tensor(student.divergence_exact(u, x, t), (b,), F64, f"divergence_exact on x of shape ({b}, {d})")
    check_finite(got, "divergence_exact")
    want = trace(local, x, t).detach()
    err = rel_err(got, want)
    assert err <= 1e-10, (
        f"divergence_exact differs from the trace of the Jacobian by {err:.3g} (relative) for a {kind} field, "
        f"B = {b}, D = {d}: got {got.tolist()}, expected {want.tolist()}"
    )


@points(4)
@visibility("hidden")
@given(bd=batch_dims(), seed=st.integers(0, 10_000))
@example(bd=(2, 2), seed=0)
@example(bd=(4, 3), seed=5)
@settings(max_examples=10)
def test_divergence_of_linear_field_is_trace(student, support, bd, seed):
    """For u(x, t) = x Aᵀ with a non-symmetric A, divergence_exact is tr A at every point and every time (not the sum of all entries of A) (float64, 1e-10)."""
    b, d = bd
    A = randn((d, d), seed + 3, scale=1.5)
    u = student.remote(support.LinearField, A)
    x, t = randn((b, d), seed, scale=3.0), times(b, seed)
    got = check_tensor(student.divergence_exact(u, x, t), (b,), F64, f"divergence_exact on x of shape ({b}, {d})")
    want = torch.full((b,), float(torch.trace(A)), dtype=F64)
    err = max_err(got, want)
    assert err <= 1e-10 * (1 + float(A.abs().sum())), (
        f"for u = x Aᵀ (D = {d}) divergence_exact gave {got.tolist()}; tr A = {float(torch.trace(A)):.6g} "
        f"(sum of all entries {float(A.sum()):.6g})"
    )
