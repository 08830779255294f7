"""Hidden tests of HW01: the KL divergence between diagonal Gaussians."""

import math

import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from vaecheck import F64, check_finite, check_tensor, dims, max_err, randn, trusted_kl

from autograder.testing import points, visibility


@points(4)
@visibility("hidden")
@given(bd=dims(), prior=st.sampled_from(["full", "broadcast"]), seed=st.integers(0, 10_000))
@example(bd=(3, 3), prior="full", seed=0)
@example(bd=(5, 2), prior="broadcast", seed=1)
@settings(max_examples=20)
def test_kl_matches_torch_distributions(student, bd, prior, seed):
    """kl_diag_gaussians(mu_q, logvar_q, mu_p, logvar_p) has shape (B,) (one KL per data point, summed over the latent axis) and equals torch.distributions.kl_divergence(Normal, Normal).sum(-1), also for a prior of shape (dz,) broadcast over the batch (float64, 1e-10 relative)."""
    b, dz = bd
    mu_q, lv_q = randn((b, dz), seed, scale=2.0), randn((b, dz), seed + 1, scale=1.5)
    shape = (b, dz) if prior == "full" else (dz,)
    mu_p, lv_p = randn(shape, seed + 2, scale=2.0), randn(shape, seed + 3, scale=1.5)
    got = check_tensor(
        student.kl_diag_gaussians(mu_q, lv_q, mu_p, lv_p), (b,), F64, f"kl_diag_gaussians with B = {b}, dz = {dz}"
    )
    want = trusted_kl(mu_q, lv_q, mu_p, lv_p)
    err = max_err(got, want)
    assert err <= 1e-10 * (1 + float(want.abs().max())), (
        f"KL(q ‖ p) with B = {b}, dz = {dz} (prior parameters of shape {shape}) is off by {err:.3g} from "
        "torch.distributions.kl_divergence"
    )


@points(3)
@visibility("hidden")
@given(bd=dims(), j=st.integers(0, 5), delta=st.floats(0.2, 2.0), which=st.sampled_from(["mu", "logvar"]),
       seed=st.integers(0, 10_000))
@example(bd=(2, 2), j=0, delta=0.5, which="logvar", seed=0)
@example(bd=(3, 3), j=1, delta=0.4, which="mu", seed=1)
@settings(max_examples=20)
def test_kl_nonnegative_zero_iff_equal(student, bd, j, delta, which, seed):
    """KL(q ‖ p) ≥ 0 for any two diagonal Gaussians, KL(q ‖ q) = 0 (1e-12), and KL(q ‖ p) > 0 as soon as one coordinate of the mean or of the log-variance differs."""
    b, dz = bd
    mu, lv = randn((b, dz), seed, scale=2.0), randn((b, dz), seed + 1, scale=1.5)
    got = check_tensor(student.kl_diag_gaussians(mu, lv, mu, lv), (b,), F64, "kl_diag_gaussians(mu, logvar, mu, logvar)")
    check_finite(got, "KL(q ‖ q)")
    assert float(got.abs().max()) <= 1e-12, f"KL(q ‖ q) should be 0; got {got.tolist()}"
    mu_p, lv_p = randn((b, dz), seed + 2, scale=2.0), randn((b, dz), seed + 3, scale=1.5)
    got = check_tensor(student.kl_diag_gaussians(mu, lv, mu_p, lv_p), (b,), F64, "kl_diag_gaussians")
    assert float(got.min()) >= -1e-12, f"a KL divergence is never negative; got {got.tolist()}"
    # perturb coordinate j of one of the parameters: KL(q ‖ p) > 0
    mu2, lv2 = mu.clone(), lv.clone()
    (mu2 if which == "mu" else lv2)[:, j % dz] += delta
    got = check_tensor(student.kl_diag_gaussians(mu, lv, mu2, lv2), (b,), F64, "kl_diag_gaussians")
    want = trusted_kl(mu, lv, mu2, lv2)
    assert bool((got > 0.5 * want).all()), (
        f"q and p differ by {delta:.3g} in one coordinate of the {which}: KL(q ‖ p) = {want.tolist()} > 0, "
        f"got {got.tolist()}"
    )


@points(3)
@visibility("hidden")
def test_kl_direction(student):
    """kl_diag_gaussians(mu_q, logvar_q, mu_p, logvar_p) is KL(q ‖ p) = E_q[log q − log p], not KL(p ‖ q): the two differ when the variances differ (float64, 1e-12)."""
    mu_q = torch.tensor([[0.0, 1.0], [2.0, -1.0], [0.5, 0.5]], dtype=F64)
    lv_q = torch.tensor([[math.log(4.0), 0.0], [-1.0, 1.0], [2.0, -2.0]], dtype=F64)
    mu_p = torch.tensor([[0.0, 0.0], [0.0, 1.0], [-0.5, 0.0]], dtype=F64)
    lv_p = torch.tensor([[0.0, math.log(0.25)], [0.5, -0.5], [0.0, 0.0]], dtype=F64)
    got = check_tensor(student.kl_diag_gaussians(mu_q, lv_q, mu_p, lv_p), (3,), F64, "kl_diag_gaussians")
    want, reverse = trusted_kl(mu_q, lv_q, mu_p, lv_p), trusted_kl(mu_p, lv_p, mu_q, lv_q)
    if max_err(got, reverse) <= 1e-9:
        raise AssertionError(f"got KL(p ‖ q) = {got.tolist()}; the KL of q from p is KL(q ‖ p) = {want.tolist()}")
    err = max_err(got, want)
    assert err <= 1e-12 * (1 + float(want.abs().max())), f"KL(q ‖ p) should be {want.tolist()}; got {got.tolist()}"


@points(2)
@visibility("hidden")
@given(bd=dims(), seed=st.integers(0, 10_000))
@example(bd=(3, 3), seed=0)
@settings(max_examples=8)
def test_kl_default_prior(student, bd, seed):
    """Omitted prior parameters mean 0, each on its own: kl_diag_gaussians(mu, logvar) is KL(q ‖ N(0, I)); with only mu_p given the prior is N(mu_p, I), with only logvar_p given it is N(0, diag(exp(logvar_p))) (float64, 1e-10 relative)."""
    b, dz = bd
    mu, lv = randn((b, dz), seed, scale=2.0), randn((b, dz), seed + 1, scale=1.5)
    mu_p, lv_p = randn((b, dz), seed + 2), randn((b, dz), seed + 3)
    cases = [
        ("kl_diag_gaussians(mu, logvar)", student.kl_diag_gaussians(mu, lv), trusted_kl(mu, lv)),
        ("kl_diag_gaussians(mu, logvar, mu_p)", student.kl_diag_gaussians(mu, lv, mu_p),
         trusted_kl(mu, lv, mu_p, None)),
        ("kl_diag_gaussians(mu, logvar, logvar_p=logvar_p)", student.kl_diag_gaussians(mu, lv, logvar_p=lv_p),
         trusted_kl(mu, lv, None, lv_p)),
        ("kl_diag_gaussians(mu, logvar, None, None)", student.kl_diag_gaussians(mu, lv, None, None),
         trusted_kl(mu, lv)),
    ]
    for what, got, want in cases:
        got = check_tensor(got, (b,), F64, what)
        err = max_err(got, want)
        assert err <= 1e-10 * (1 + float(want.abs().max())), f"{what} is off by {err:.3g}"


@points(3)
@visibility("hidden")
def test_kl_matches_monte_carlo(student):
    """The closed form agrees with a Monte-Carlo estimate E_q[log q(z) − log p(z)] from 10⁵ samples of q, within 5 standard errors."""
    mu_q = torch.tensor([[0.3, -1.0], [1.5, 0.0], [0.0, 2.0]], dtype=F64)
    lv_q = torch.tensor([[0.0, -1.0], [0.7, 0.2], [-0.5, 1.0]], dtype=F64)
    mu_p = torch.tensor([[0.0, 0.0], [1.0, 1.0], [-0.5, 1.5]], dtype=F64)
    lv_p = torch.tensor([[0.5, 0.0], [0.0, -0.3], [1.0, 0.5]], dtype=F64)
    got = check_tensor(student.kl_diag_gaussians(mu_q, lv_q, mu_p, lv_p), (3,), F64, "kl_diag_gaussians")
    gen = torch.Generator().manual_seed(2024)
    n = 100_000
    z = mu_q + torch.exp(0.5 * lv_q) * torch.randn(n, 3, 2, generator=gen, dtype=F64)
    q = torch.distributions.Normal(mu_q, torch.exp(0.5 * lv_q))
    p = torch.distributions.Normal(mu_p, torch.exp(0.5 * lv_p))
    diff = (q.log_prob(z) - p.log_prob(z)).sum(-1)  # (n, 3)
    mc, se = diff.mean(0), diff.std(0) / math.sqrt(n)
    bad = (got - mc).abs() > 5 * se + 1e-9
    assert not bool(bad.any()), (
        f"closed-form KL {got.tolist()} vs Monte-Carlo {mc.tolist()} ± {se.tolist()} (1 standard error): more than "
        "5 standard errors apart"
    )
