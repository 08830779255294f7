"""Hidden tests of HW04: the log-likelihood of a continuous normalizing flow."""

import torch
from cnfcheck import (
    F64,
    batch_dims,
    check_finite,
    check_tensor,
    linear_cnf_logprob,
    log_normal,
    make_field,
    max_err,
    rademacher,
    randn,
    rel_err,
    trusted_cnf,
    trusted_odeint,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.errors import StudentError
from autograder.testing import points, visibility

BASES = [(0.0, 1.0), (0.5, 2.0), ("shift", 0.7)]  # standard normal, N(0.5, 2² I), N(m, 0.7² I) with m per coordinate


def _base(student, support, base, d):
    """The base log-density where the implementation lives, and its (mean, std) for the trusted side."""
    mean, std = base
    if mean == "shift":
        mean = torch.linspace(-1.0, 1.0, d, dtype=F64)
    return student.remote(support.GaussianLogProb, mean, std), mean, std


@points(4)
@visibility("hidden")
@given(bd=batch_dims(), base=st.sampled_from(BASES), seed=st.integers(0, 10_000))
@example(bd=(3, 3), base=(0.0, 1.0), seed=0)
@example(bd=(5, 2), base=("shift", 0.7), seed=1)
@settings(max_examples=10)
def test_linear_cnf_closed_form(student, support, bd, base, seed):
    """For u(x, t) = x Aᵀ, cnf_log_prob(x1, u, base_logprob) with its defaults (RK4, 50 steps, exact divergence) is log p_0(e^{-A} x1) - tr A, i.e. log N(x1; 0, e^A e^{Aᵀ}) for a standard normal base; any Gaussian base density is used as given (float64, 1e-6 relative)."""
    b, d = bd
    A = randn((d, d), seed + 11, scale=0.6)
    u = student.remote(support.LinearField, A)
    logp0, mean, std = _base(student, support, base, d)
    x1 = randn((b, d), seed, scale=1.5)
    got = check_tensor(student.cnf_log_prob(x1, u, logp0), (b,), F64, f"cnf_log_prob on x1 of shape ({b}, {d})")
    check_finite(got, "cnf_log_prob")
    want = linear_cnf_logprob(x1, A, mean, std)
    err = rel_err(got, want)
    assert err <= 1e-6, (
        f"for the linear field u = x Aᵀ (D = {d}, B = {b}) cnf_log_prob differs from the closed form "
        f"log p_0(e^(-A) x1) - tr A by {err:.3g} (relative): got {got.tolist()}, expected {want.tolist()}"
    )


@points(3)
@visibility("hidden")
def test_linear_cnf_hutchinson(student, support):
    """With div='hutchinson' and a probe z (one per row, the same at every step), the linear field gives exactly log p_0(e^{-A} x1) - zᵀ A z (Gaussian and Rademacher probes); without a probe, div='hutchinson' raises a ValueError (float64, 1e-6 relative)."""
    for k, (b, d) in enumerate([(3, 3), (4, 2)]):
        A = randn((d, d), 20 + k, scale=0.6)
        u = student.remote(support.LinearField, A)
        logp0 = student.remote(support.GaussianLogProb)
        x1 = randn((b, d), 30 + k)
        for kind, z in (("gaussian", randn((b, d), 40 + k)), ("rademacher", rademacher((b, d), 50 + k))):
            got = check_tensor(
                student.cnf_log_prob(x1, u, logp0, div="hutchinson", probe=z),
                (b,),
                F64,
                "cnf_log_prob(..., div='hutchinson', probe=z)",
            )
            want = linear_cnf_logprob(x1, A) + torch.trace(A) - torch.einsum("bi,ij,bj->b", z, A, z)
            err = rel_err(got, want)
            assert err <= 1e-6, (
                f"with {kind} probes on u = x Aᵀ, cnf_log_prob(div='hutchinson') should be log p_0(e^(-A) x1) - zᵀ A z; "
                f"off by {err:.3g} (relative): got {got.tolist()}, expected {want.tolist()}"
            )
    try:
        student.cnf_log_prob(x1, u, logp0, div="hutchinson")
    except StudentError as exc:
        if exc.not_answered:
            raise
        assert exc.kind == "ValueError", f"cnf_log_prob(div='hutchinson', probe=None) raised {exc.kind}; expected a ValueError"
    else:
        raise AssertionError("cnf_log_prob(div='hutchinson', probe=None) returned a value; expected a ValueError")


@points(4)
@visibility("hidden")
@given(
    bd=batch_dims(max_d=3),
    n=st.integers(1, 6),
    method=st.sampled_from(["euler", "rk4"]),
    div=st.sampled_from(["exact", "hutchinson"]),
    seed=st.integers(0, 10_000),
)
@example(bd=(3, 3), n=4, method="rk4", div="exact", seed=0)
@example(bd=(2, 3), n=3, method="euler", div="hutchinson", seed=1)
@settings(max_examples=10)
def test_cnf_follows_augmented_scheme(student, support, bd, n, method, div, seed):
    """For a nonlinear time-dependent field, cnf_log_prob(x1, u, base, n_steps, method, div) applies n_steps of the scheme to the augmented state (x, l) from t = 1 to t = 0, with dl/dt = div u (or zᵀ J z for a given probe z), and returns log p_0(x(0)) + l(0) (float64, 1e-9 relative)."""
    b, d = bd
    u, local = make_field(student, support, "mlp", d, seed, hidden=8, std=0.7)
    x1 = randn((b, d), seed, scale=1.5)
    logp0 = student.remote(support.GaussianLogProb)
    z = randn((b, d), seed + 1) if div == "hutchinson" else None
    got = check_tensor(
        student.cnf_log_prob(x1, u, logp0, n_steps=n, method=method, div=div, probe=z),
        (b,),
        F64,
        f"cnf_log_prob(..., n_steps={n}, method={method!r}, div={div!r})",
    )
    want = trusted_cnf(local, x1, n, method, probe=z).detach()
    err = rel_err(got, want)
    assert err <= 1e-9, (
        f"cnf_log_prob with {n} {method} step(s) and div={div!r} (B = {b}, D = {d}) differs from the augmented scheme "
        f"by {err:.3g} (relative): got {got.tolist()}, expected {want.tolist()}"
    )


@points(1)
@visibility("hidden")
def test_cnf_defaults(student, support):
    """cnf_log_prob(x1, u, base_logprob) uses its documented defaults n_steps=50, method='rk4', div='exact': on a strongly nonlinear field it equals 50 RK4 steps of the augmented scheme (float64, 1e-9 relative)."""
    u, local = make_field(student, support, "mlp", 2, 3, hidden=8, std=1.2, scale=2.0)
    x1 = randn((4, 2), 3, scale=1.5)
    want = trusted_cnf(local, x1, 50, "rk4").detach()
    # The set-up itself: 49 or 51 steps would be told apart.
    assert min(rel_err(trusted_cnf(local, x1, n, "rk4").detach(), want) for n in (49, 51)) > 1e-7
    got = check_tensor(
        student.cnf_log_prob(x1, u, student.remote(support.GaussianLogProb)), (4,), F64, "cnf_log_prob(x1, u, base)"
    )
    err = rel_err(got, want)
    assert err <= 1e-9, (
        f"cnf_log_prob(x1, u, base_logprob) differs from 50 RK4 steps with the exact divergence by {err:.3g} (relative)"
    )


L, M = 6.0, 80  # grid of M x M cells on [-L, L]^2


@points(5)
@visibility("hidden")
def test_cnf_density_integrates_to_one(student, support):
    """exp(cnf_log_prob) of a CNF with a random 2-D time-dependent tanh-MLP field and a standard normal base (RK4, 20 steps, exact divergence) integrates to 1 ± 2e-2 over [-6, 6]² (an 80 x 80 grid)."""
    u, local = make_field(student, support, "mlp", 2, 2, hidden=16, std=0.8)
    edges = torch.linspace(-L, L, M + 1, dtype=F64)
    centres = (edges[1:] + edges[:-1]) / 2
    grid, cell = torch.cartesian_prod(centres, centres), (2 * L / M) ** 2
    # The set-up itself: the flow keeps the base's mass inside the box, and the quadrature is accurate.
    x0 = randn((2000, 2), 99)
    inside = float((trusted_odeint(local, x0, 0.0, 1.0, 20, "rk4")[-1].abs() < L).all(1).double().mean())
    assert inside > 0.999, f"test set-up: only {inside:.4f} of the mass ends inside the box"
    lp = check_tensor(
        student.cnf_log_prob(grid, u, student.remote(support.GaussianLogProb), n_steps=20),
        (M * M,),
        F64,
        "cnf_log_prob(grid, ..., n_steps=20)",
    )
    check_finite(lp, "cnf_log_prob on the grid")
    mass = float(lp.exp().sum() * cell)
    assert abs(mass - 1) <= 2e-2, f"exp(cnf_log_prob) integrates to {mass:.4f} over [-{L:g}, {L:g}]², not 1"


@points(2)
@visibility("hidden")
def test_cnf_rademacher_elementwise_equals_exact(student, support):
    """For an element-wise field, cnf_log_prob with div='hutchinson' and a Rademacher probe from your sample_probe equals the exact log-likelihood (float64, 1e-9 relative)."""
    d, b = 3, 6
    u, local = make_field(student, support, "elementwise", d, 4)
    x1 = randn((b, d), 4, scale=1.5)
    z = student.sample_probe((b, d), "rademacher", student.remote(testmodels.generator, 4))
    z = check_tensor(z, (b, d), torch.get_default_dtype(), "sample_probe").to(F64)
    logp0 = student.remote(support.GaussianLogProb)
    got = check_tensor(
        student.cnf_log_prob(x1, u, logp0, n_steps=10, div="hutchinson", probe=z),
        (b,),
        F64,
        "cnf_log_prob(..., div='hutchinson')",
    )
    want = trusted_cnf(local, x1, 10, "rk4").detach()
    err = rel_err(got, want)
    assert err <= 1e-9, (
        f"with a Rademacher probe on an element-wise field, cnf_log_prob(div='hutchinson') differs from the exact "
        f"log-likelihood by {err:.3g} (relative)"
    )
    assert max_err(log_normal(x1), want) > 1e-3  # set-up: the flow does something
