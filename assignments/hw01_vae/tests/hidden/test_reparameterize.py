"""Hidden tests of HW01: the reparameterisation trick."""

import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from vaecheck import F64, check_tensor, dims, max_err, randn

from autograder.testing import points, visibility


@points(3)
@visibility("hidden")
@given(bd=dims(), s=st.integers(1, 4), seed=st.integers(0, 10_000))
@example(bd=(3, 3), s=3, seed=0)
@example(bd=(4, 2), s=1, seed=1)
@settings(max_examples=20)
def test_reparameterize_value(student, bd, s, seed):
    """reparameterize(mu, logvar, eps) = mu + exp(logvar / 2) * eps for eps of shape (B, dz), and broadcasts over S samples when eps has shape (S, B, dz) (float64, 1e-12 relative)."""
    b, dz = bd
    mu, lv = randn((b, dz), seed, scale=2.0), randn((b, dz), seed + 1, scale=1.5)
    eps = randn((b, dz), seed + 2)
    got = check_tensor(student.reparameterize(mu, lv, eps), (b, dz), F64, "reparameterize(mu, logvar, eps)")
    want = mu + torch.exp(0.5 * lv) * eps
    err = max_err(got, want)
    assert err <= 1e-12 * (1 + float(want.abs().max())), (
        f"reparameterize with B = {b}, dz = {dz} is off by {err:.3g} from mu + sigma * eps, sigma = exp(logvar / 2)"
    )
    eps3 = randn((s, b, dz), seed + 3)
    got = check_tensor(
        student.reparameterize(mu, lv, eps3), (s, b, dz), F64, f"reparameterize with eps of shape {(s, b, dz)}"
    )
    want = mu + torch.exp(0.5 * lv) * eps3
    err = max_err(got, want)
    assert err <= 1e-12 * (1 + float(want.abs().max())), (
        f"with eps of shape (S, B, dz) = {(s, b, dz)}, sample s of data point b should be "
        f"mu[b] + sigma[b] * eps[s, b]; off by {err:.3g}"
    )


@points(4)
@visibility("hidden")
@given(bd=dims(), seed=st.integers(0, 10_000))
@example(bd=(3, 3), seed=0)
@example(bd=(1, 4), seed=2)
@settings(max_examples=15)
def test_reparameterize_gradients(student, support, bd, seed):
    """With eps fixed, gradients flow through z = reparameterize(mu, logvar, eps): for f = Σ z², ∂f/∂mu = 2 z and ∂f/∂logvar = z * eps * exp(logvar / 2) (the factor ½ of sigma = exp(logvar / 2) cancels the 2; float64, 1e-10 relative)."""
    b, dz = bd
    mu, lv = randn((b, dz), seed, scale=2.0), randn((b, dz), seed + 1, scale=1.5)
    eps = randn((b, dz), seed + 2)
    out = student.remote(support.reparameterize_grads, student.get("reparameterize"), mu, lv, eps)
    assert isinstance(out, tuple | list) and len(out) == 3, "support.reparameterize_grads returned something unexpected"
    z, g_mu, g_lv = out
    check_tensor(z, (b, dz), F64, "reparameterize(mu, logvar, eps)")
    sigma = torch.exp(0.5 * lv)
    z_want = mu + sigma * eps
    assert g_mu is not None, "Σ z² does not depend on mu through autograd: is z detached from mu?"
    assert g_lv is not None, "Σ z² does not depend on logvar through autograd: is z detached from logvar?"
    g_mu = check_tensor(g_mu, (b, dz), F64, "∂(Σ z²)/∂mu")
    g_lv = check_tensor(g_lv, (b, dz), F64, "∂(Σ z²)/∂logvar")
    err = max_err(g_mu, 2 * z_want)
    assert err <= 1e-10 * (1 + float(z_want.abs().max())), f"∂(Σ z²)/∂mu should be 2 z; off by {err:.3g}"
    want = z_want * eps * sigma
    err = max_err(g_lv, want)
    assert err <= 1e-10 * (1 + float(want.abs().max())), (
        f"∂(Σ z²)/∂logvar should be z * eps * exp(logvar / 2); off by {err:.3g}"
    )
