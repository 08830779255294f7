"""Hidden tests of HW07: the denoising score-matching loss."""

import math

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from sdecheck import F64, batch_dims, expect_tensor, max_err, randn, uniform, vp_closed

from autograder.testing import points


def _col(v, like):
    return v.reshape(-1, *([1] * (like.dim() - 1)))


def _noised(x0, t, eps):
    a, s = vp_closed(t)
    return _col(a, x0) * x0 + _col(s, x0) * eps, _col(s, x0)


def _scalar(value, what):
    if isinstance(value, float | int):
        value = torch.tensor(float(value), dtype=F64)
    return expect_tensor(value, (), F64, what)


@st.composite
def dsm_case(draw):
    b, d = draw(batch_dims())
    seed = draw(st.integers(0, 2**16))
    t = uniform((b,), seed, 1e-3, 1.0)
    if b >= 2:
        t[0], t[1] = 1.0, 1e-3
    return randn((b, d), seed + 1, scale=2.0), t, randn((b, d), seed + 2), seed


@points(4)
@given(case=dsm_case())
@settings(max_examples=25)
def test_dsm_loss_value(student, support, case):
    """dsm_loss = (1/B) sum_i || sigma_{t_i} s(x_t^i, t_i) + eps_i ||^2 (squared norm over the features, mean over the
    batch) with x_t = a_t x0 + sigma_t eps of the VP SDE, per-sample times (B == D included), a 0-dim tensor; for the
    score s = 0 it is (1/B) sum ||eps||^2."""
    x0, t, eps, seed = case
    b, d = x0.shape
    model = student.remote(support.ScoreMLP, d, seed=seed % 100)
    got = _scalar(student.dsm_loss(model, x0, t, eps), "dsm_loss(...)")
    x_t, s = _noised(x0, t, eps)
    with torch.no_grad():
        want = ((s * support.ScoreMLP(d, seed=seed % 100)(x_t, t) + eps) ** 2).sum(1).mean()
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-13), f"B = {b}, D = {d}: dsm_loss = {got.item():.10g}, expected {want.item():.10g}"
    zero = student.remote(support.SpyScore, 0.0)
    got = _scalar(student.dsm_loss(zero, x0, t, eps), "dsm_loss(...)")
    want = (eps**2).sum(1).mean()
    assert torch.allclose(got, want, rtol=1e-12, atol=0), (
        f"B = {b}, D = {d}: for the score s = 0 the loss should be mean_i ||eps_i||^2 = {want.item():.8g}; got {got.item():.8g}"
    )


@points(2)
def test_dsm_loss_images_and_call(student, support):
    """dsm_loss accepts image batches (B, C, H, W) (coefficients of shape (B, 1, 1, 1), squared norm over C, H, W) and
    calls score_model once, with x_t = a_t x0 + sigma_t eps and the times t exactly as given."""
    x0, eps = randn((3, 2, 2, 3), 1, scale=2.0), randn((3, 2, 2, 3), 2)
    t = torch.tensor([0.9, 0.05, 0.4], dtype=F64)
    got = _scalar(student.dsm_loss(student.remote(support.GaussianScore, 0.5, 0.7), x0, t, eps), "dsm_loss on images")
    x_t, s = _noised(x0, t, eps)
    want = ((s * support.GaussianScore(0.5, 0.7)(x_t, t) + eps) ** 2).sum((1, 2, 3)).mean()
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-13), f"images: dsm_loss = {got.item():.10g}, expected {want.item():.10g}"
    spy = student.remote(support.SpyScore, -0.5)
    x0, eps, t = randn((4, 3), 3), randn((4, 3), 4), torch.tensor([0.2, 1.0, 0.5, 0.7], dtype=F64)
    got = _scalar(student.dsm_loss(spy, x0, t, eps), "dsm_loss")
    calls = spy.calls
    assert len(calls) == 1, f"dsm_loss should call score_model once; it was called {len(calls)} times"
    tdtype, tshape, tvals, xvals = calls[0]
    assert tdtype == "float64" and tuple(tshape) == (4,) and torch.allclose(torch.tensor(tvals, dtype=F64), t, rtol=0, atol=1e-15), (
        f"score_model should get the times t as given (float64, shape (4,), {t.tolist()}); got {tdtype} {tshape} {tvals}"
    )
    x_t, s = _noised(x0, t, eps)
    assert torch.allclose(torch.tensor(xvals, dtype=F64), x_t, rtol=1e-12, atol=1e-13), "score_model was not called with x_t = a_t x0 + sigma_t eps"
    want = ((s * (-0.5) * x_t + eps) ** 2).sum(1).mean()
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-13), f"dsm_loss = {got.item():.10g}, expected {want.item():.10g}"


@points(2)
@given(case=dsm_case())
@settings(max_examples=8)
def test_dsm_loss_gradients(student, reference, support, case):
    """dsm_loss is differentiable: backward() reaches every parameter of the score model with the gradient of the loss
    (not detached, not computed under no_grad)."""
    x0, t, eps, seed = case
    d = x0.shape[1]
    model = student.remote(support.ScoreMLP, d, seed=seed % 100)
    loss, grads = student.remote(support.loss_and_grads, student.get("dsm_loss"), model, x0, t, eps)
    ref_model = reference.remote(support.ScoreMLP, d, seed=seed % 100)
    want_loss, want = reference.remote(support.loss_and_grads, reference.dsm_loss, ref_model, x0, t, eps)
    assert torch.allclose(_scalar(loss, "dsm_loss"), want_loss, rtol=1e-10, atol=1e-13), f"dsm_loss = {loss.item():.10g}, expected {want_loss.item():.10g}"
    assert len(grads) == len(want)
    for i, (g, w) in enumerate(zip(grads, want, strict=True)):
        assert g is not None, "no gradient reaches the score model's parameters: is the loss detached or computed under no_grad?"
        assert torch.allclose(g, w, rtol=1e-8, atol=1e-10), f"parameter #{i + 1}: gradient off by {max_err(g, w):.3g}"


@points(3)
def test_dsm_loss_minimised_by_true_score(student, support):
    """For N(0, s^2 I) data (s = 0.5, D = 2) the true score -x / (a_t^2 s^2 + sigma_t^2) gives a DSM loss equal to its
    expectation sum_d a_t^2 s^2 / (a_t^2 s^2 + sigma_t^2) (averaged over t ~ U[0.05, 1], within 5 standard errors) and
    strictly lower than scores with the wrong width (0.4, 0.6), or a wrong mean (+0.2), on the same
    40000 draws of (x0, t, eps)."""
    n, s = 40000, 0.5
    g = torch.Generator().manual_seed(123)
    x0 = s * torch.randn(n, 2, generator=g, dtype=F64)
    t = 0.05 + 0.95 * torch.rand(n, generator=g, dtype=F64)
    eps = torch.randn(n, 2, generator=g, dtype=F64)
    true = _scalar(student.dsm_loss(student.remote(support.GaussianScore, 0.0, s), x0, t, eps), "dsm_loss at the true score")
    a, sig = vp_closed(t)
    per = (a**2 * s**2) / (a**2 * s**2 + sig**2)
    expected = 2 * per.mean().item()
    # the per-sample loss is per_i times a chi-square with 2 degrees of freedom: its variance is below E[L^2] = 8 E[per^2]
    se = math.sqrt(8 * (per**2).mean().item() / n)
    assert abs(true.item() - expected) <= 5 * se, (
        f"at the true score the DSM loss is {true.item():.5f}; its expectation is {expected:.5f} (tolerance {5 * se:.3g})"
    )
    for desc, (mean, std) in {"width 0.4": (0.0, 0.4), "width 0.6": (0.0, 0.6), "mean +0.2": (0.2, s)}.items():
        other = _scalar(student.dsm_loss(student.remote(support.GaussianScore, mean, std), x0, t, eps), "dsm_loss")
        assert other.item() > true.item(), f"the loss at a score with {desc} ({other.item():.5f}) is not above the loss at the true score ({true.item():.5f})"
    x_t, sg = _noised(x0, t, eps)
    true_s = support.GaussianScore(0.0, s)(x_t, t)
    want_true = ((sg * true_s + eps) ** 2).sum(1).mean().item()
    assert abs(true.item() - want_true) <= 1e-10 * max(1.0, want_true), f"dsm_loss at the true score = {true.item():.10g}, expected {want_true:.10g}"
