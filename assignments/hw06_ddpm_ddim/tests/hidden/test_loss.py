"""Hidden tests: the simplified DDPM training loss."""

import torch
from ddpmcheck import F64, expect_tensor, forward_marginal, randn, schedules, time_batch
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.testing import points


@st.composite
def loss_case(draw):
    _, T, _, alpha_bar = draw(schedules())
    b = draw(st.integers(1, 6))
    d = draw(st.sampled_from([1, 3, b]))
    t = draw(time_batch(T, b, 1))
    seed = draw(st.integers(0, 2**16))
    return alpha_bar, t, randn((b, d), seed, scale=2.0), randn((b, d), seed + 1), seed


@points(4)
@given(case=loss_case())
@settings(max_examples=20)
def test_ddpm_loss_value(student, support, case):
    """ddpm_loss = mean over ALL elements of (eps - eps_model(x_t, t))^2 with x_t = sqrt(alpha_bar[t]) x0 +
    sqrt(1 - alpha_bar[t]) eps, returned as a scalar (0-dim) tensor; it is 0 for the model that returns the true
    noise and mean(eps^2) for the model that always predicts 0."""
    alpha_bar, t, x0, eps, seed = case
    d = x0.shape[1]
    model = student.remote(support.EpsMLP, alpha_bar, d, seed=seed % 100)
    got = expect_tensor(student.ddpm_loss(model, x0, t, eps, alpha_bar), (), F64, "ddpm_loss(...)")
    local = support.EpsMLP(alpha_bar, d, seed=seed % 100)
    with torch.no_grad():
        want = ((local(forward_marginal(x0, t, eps, alpha_bar), t) - eps) ** 2).mean()
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-14), f"ddpm_loss = {got.item():.10g}, expected {want.item():.10g}"

    zero = student.remote(support.SpyEps, alpha_bar, scale=0.0)
    got = student.ddpm_loss(zero, x0, t, eps, alpha_bar)
    want = (eps**2).mean()
    assert torch.allclose(got, want, rtol=1e-12, atol=0), (
        f"with a model predicting 0 the loss should be mean(eps^2) = {want.item():.8g}; got {got.item():.8g}"
    )

    oracle = student.remote(support.TrueNoiseEps, x0, alpha_bar)
    got = student.ddpm_loss(oracle, x0, t, eps, alpha_bar)
    assert abs(got.item()) <= 1e-16, f"the model that returns the true noise should have loss 0; got {got.item():.3g}"


@points(2)
@given(case=loss_case())
@settings(max_examples=10)
def test_ddpm_loss_gradients(student, reference, support, case):
    """ddpm_loss is differentiable: backward() reaches every parameter of eps_model with the gradient of the
    mean squared error (not detached, not computed under no_grad)."""
    alpha_bar, t, x0, eps, seed = case
    d = x0.shape[1]
    model = student.remote(support.EpsMLP, alpha_bar, d, seed=seed % 100)
    loss, grads = student.remote(support.loss_and_grads, student.get("ddpm_loss"), model, x0, t, eps, alpha_bar)
    ref_model = reference.remote(support.EpsMLP, alpha_bar, d, seed=seed % 100)
    want_loss, want = reference.remote(support.loss_and_grads, reference.ddpm_loss, ref_model, x0, t, eps, alpha_bar)
    assert torch.allclose(loss, want_loss, rtol=1e-10), "the loss differs from the mean squared error"
    assert len(grads) == len(want)
    for g, w in zip(grads, want, strict=True):
        assert g is not None, "some parameter of eps_model gets no gradient: is the loss detached?"
        assert torch.allclose(g, w, rtol=1e-8, atol=1e-12), "the gradients are not those of the mean squared error"
