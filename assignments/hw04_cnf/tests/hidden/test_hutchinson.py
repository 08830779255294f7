"""Hidden tests of HW04: the Hutchinson estimator of the divergence.

The statistical tests draw 20000 probes with your sample_probe and evaluate them in one call of
your hutchinson_divergence (the point x repeated 20000 times); tolerances are 5 standard errors.
"""

import math

import torch
from cnfcheck import (
    F64,
    batch_dims,
    check_finite,
    check_tensor,
    make_field,
    quad_form,
    rademacher,
    randn,
    rel_err,
    times,
    trace,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points, visibility

N = 20000


def _student_probes(student, n, d, kind, seed):
    z = student.sample_probe((n, d), kind, student.remote(testmodels.generator, seed))
    z = check_tensor(z, (n, d), torch.get_default_dtype(), f"sample_probe(({n}, {d}), {kind!r}, generator)")
    return z.to(F64)


def _estimates(student, u, x, t, z, what):
    n = z.shape[0]
    est = check_tensor(
        student.hutchinson_divergence(u, x.expand(n, -1).contiguous(), t.expand(n, -1).contiguous(), z),
        (n,),
        F64,
        what,
    )
    check_finite(est, what)
    return est


@points(5)
@visibility("hidden")
@given(
    bd=batch_dims(),
    kind=st.sampled_from(["mlp", "linear", "elementwise"]),
    probe=st.sampled_from(["gaussian", "rademacher"]),
    seed=st.integers(0, 10_000),
)
@example(bd=(3, 3), kind="mlp", probe="gaussian", seed=0)
@example(bd=(2, 4), kind="linear", probe="gaussian", seed=1)
@settings(max_examples=12)
def test_hutchinson_is_quadratic_form(student, support, bd, kind, probe, seed):
    """hutchinson_divergence(u, x, t, z) is z_bᵀ J_b z_b for every row b, with J_b the Jacobian of u at (x_b, t_b) and the probe z given (one probe per row; not divided by D) (float64, 1e-10 relative)."""
    b, d = bd
    u, local = make_field(student, support, kind, d, seed)
    x, t = randn((b, d), seed, scale=1.5), times(b, seed)
    z = randn((b, d), seed + 1) if probe == "gaussian" else rademacher((b, d), seed + 1)
    got = check_tensor(
        student.hutchinson_divergence(u, x, t, z), (b,), F64, f"hutchinson_divergence on x of shape ({b}, {d})"
    )
    want = quad_form(local, x, t, z).detach()
    err = rel_err(got, want)
    assert err <= 1e-10, (
        f"hutchinson_divergence differs from zᵀ J z by {err:.3g} (relative) for a {kind} field with {probe} probes, "
        f"B = {b}, D = {d}: got {got.tolist()}, expected {want.tolist()}"
    )


@points(4)
@visibility("hidden")
def test_hutchinson_unbiased(student, support):
    """Hutchinson is unbiased: the mean of 20000 estimates with your sample_probe (Rademacher and Gaussian) at a point of a nonlinear field is the exact divergence, within 5 standard errors."""
    for d, seed in ((3, 1), (5, 2)):
        u, local = make_field(student, support, "mlp", d, seed, hidden=16, std=0.8)
        x, t = randn((1, d), seed, scale=1.0), times(1, seed, 0.2, 0.8)
        exact = float(trace(local, x, t))
        for kind in ("rademacher", "gaussian"):
            z = _student_probes(student, N, d, kind, 10 * seed + len(kind))
            est = _estimates(student, u, x, t, z, "hutchinson_divergence")
            mean, se = float(est.mean()), float(est.std()) / math.sqrt(N)
            assert abs(mean - exact) <= 5 * se + 1e-9, (
                f"D = {d}, {kind} probes: the mean of {N} Hutchinson estimates is {mean:.5f}, the divergence is "
                f"{exact:.5f} (standard error {se:.2g}): the estimator is biased"
            )


@points(4)
@visibility("hidden")
def test_rademacher_exact_on_elementwise_field(student, support):
    """For an element-wise field (diagonal Jacobian), every single Hutchinson estimate with a Rademacher probe from your sample_probe equals the exact divergence (float64, 1e-10 relative)."""
    for d, seed in ((1, 0), (3, 1), (6, 2)):
        u, local = make_field(student, support, "elementwise", d, seed)
        n = 500
        x, t = randn((n, d), seed, scale=2.0), times(n, seed)
        z = _student_probes(student, n, d, "rademacher", seed)
        got = check_tensor(student.hutchinson_divergence(u, x, t, z), (n,), F64, "hutchinson_divergence")
        want = trace(local, x, t).detach()
        err = rel_err(got, want)
        assert err <= 1e-10, (
            f"D = {d}: with Rademacher probes on an element-wise field, Hutchinson estimates differ from the exact "
            f"divergence by up to {err:.3g} (relative); since z_i² = 1, zᵀ J z = tr J for a diagonal J"
        )


@points(4)
@visibility("hidden")
def test_hutchinson_variance(student, support):
    """For u(x, t) = x Aᵀ, the variance of 20000 Hutchinson estimates is 2‖S‖_F² with Gaussian probes and 2 Σ_{i≠j} S_ij² with Rademacher probes, S = (A + Aᵀ)/2 (within 5 standard errors of the sample variance)."""
    A = torch.tensor([[1.5, 0.8, -0.3], [0.2, -1.0, 0.5], [0.4, 0.1, 0.7]], dtype=F64)
    S = (A + A.T) / 2
    theory = {
        "gaussian": float(2 * (S**2).sum()),
        "rademacher": float(2 * (S**2).sum() - 2 * (S.diag() ** 2).sum()),
    }
    u = student.remote(support.LinearField, A)
    x, t = randn((1, 3), 5), times(1, 5)
    for kind, seed in (("gaussian", 3), ("rademacher", 4)):
        z = _student_probes(student, N, 3, kind, seed)
        est = _estimates(student, u, x, t, z, "hutchinson_divergence")
        centred = est - est.mean()
        var = float((centred**2).mean())
        se = math.sqrt(max(float((centred**4).mean()) - var**2, 0.0) / N)
        assert abs(var - theory[kind]) <= 5 * se + 1e-9, (
            f"{kind} probes: the Hutchinson estimates have variance {var:.4f}; theory says {theory[kind]:.4f} "
            f"(standard error {se:.2g})"
        )


@points(1)
@visibility("hidden")
def test_hutchinson_one_vjp(student, support):
    """hutchinson_divergence uses one vector–Jacobian product for the whole batch: on a field that counts the backward passes through its output it returns zᵀ A z per row with at most one backward pass (not one per coordinate) (float64, 1e-10 relative)."""
    for b, d, seed in ((5, 3, 7), (4, 4, 8)):
        A = randn((d, d), seed, scale=0.8)
        u = student.remote(support.BackwardCounter, A)
        x, t, z = randn((b, d), seed + 1), times(b, seed), randn((b, d), seed + 2)
        got = check_tensor(student.hutchinson_divergence(u, x, t, z), (b,), F64, "hutchinson_divergence")
        want = torch.einsum("bi,ij,bj->b", z, A, z)
        err = rel_err(got, want)
        assert err <= 1e-10, f"hutchinson_divergence on u = x Aᵀ differs from zᵀ A z by {err:.3g} (relative)"
        calls = u.backward_calls
        assert calls <= 1, (
            f"hutchinson_divergence (B = {b}, D = {d}) took {calls} backward passes through the field's output; "
            "one vector-Jacobian product, torch.autograd.grad(out, x, grad_outputs=probe), gives zᵀJ for every row "
            "at once: that single pass is what makes Hutchinson's estimator cheap"
        )
