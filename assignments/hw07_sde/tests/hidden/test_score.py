"""Hidden tests of HW07: the exact score of an isotropic Gaussian mixture."""

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from sdecheck import (
    F32,
    F64,
    batch_dims,
    expect_tensor,
    gmm_score_autograd,
    max_err,
    randn,
    uniform,
)

from autograder.testing import points


@st.composite
def mixtures(draw):
    b, d = draw(batch_dims())
    k = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**16))
    weights = uniform((k,), seed, 0.05, 3.0)  # not normalised
    means = randn((k, d), seed + 1, scale=2.0)
    stds = uniform((k,), seed + 2, 0.3, 2.0)  # different widths: the normalising constants matter
    x = randn((b, d), seed + 3, scale=2.5)
    return x, weights, means, stds


@points(5)
@given(case=mixtures())
@settings(max_examples=30)
def test_gmm_score_equals_autograd(student, case):
    """gmm_score(x, weights, means, stds) is the gradient of log sum_k w_k N(x; mu_k, s_k^2 I) (computed by autograd
    from the log-density, normalising constants included): any K, D, batch size (B == D included), unnormalised
    weights, components of different widths; shape (B, D)."""
    x, w, mu, s = case
    got = expect_tensor(student.gmm_score(x, w, mu, s), x.shape, F64, "gmm_score")
    want = gmm_score_autograd(x, w, mu, s)
    assert torch.allclose(got, want, rtol=1e-8, atol=1e-9), (
        f"K = {mu.shape[0]}, D = {x.shape[1]}, B = {x.shape[0]}: gmm_score differs from the gradient of the "
        f"log-density by {max_err(got, want):.3g}"
    )


@points(2)
@given(bd=batch_dims(), w=st.floats(0.1, 5.0), s=st.floats(0.2, 3.0), seed=st.integers(0, 1000))
@settings(max_examples=15)
def test_gmm_score_single_component(student, bd, w, s, seed):
    """With one component the score is -(x - mu) / sigma^2, whatever its weight."""
    b, d = bd
    x, mu = randn((b, d), seed, scale=2.0), randn((1, d), seed + 1)
    got = expect_tensor(student.gmm_score(x, torch.tensor([w], dtype=F64), mu, torch.tensor([s], dtype=F64)),
                        (b, d), F64, "gmm_score with one component")
    want = -(x - mu) / s**2
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-10), (
        f"one component (sigma = {s:.4g}): gmm_score differs from -(x - mu)/sigma^2 by {max_err(got, want):.3g}"
    )


@points(3)
def test_gmm_score_far_from_modes(student):
    """Far from every mode (50 to 200 standard deviations, where every density underflows to 0) gmm_score is finite
    and right in float64 and float32: it is then the score of the component with the largest log-weight-density."""
    w = torch.tensor([0.3, 0.7], dtype=F64)
    mu = torch.tensor([[-1.0, 0.0], [1.0, 0.5]], dtype=F64)
    s = torch.tensor([0.2, 0.3], dtype=F64)
    x = torch.tensor([[10.0, 0.0], [-11.0, 3.0], [0.0, -40.0], [60.0, 60.0]], dtype=F64)
    want = gmm_score_autograd(x, w, mu, s)
    for dtype in (F64, F32):
        got = student.gmm_score(x.to(dtype), w.to(dtype), mu.to(dtype), s.to(dtype))
        got = expect_tensor(got, x.shape, dtype, f"gmm_score far from the modes ({str(dtype)[6:]})")
        ok = torch.allclose(got, want, rtol=1e-8, atol=1e-8) if dtype == F64 else bool(
            ((got.to(F64) - want).abs() <= 1e-4 * want.abs() + 1e-3).all()
        )
        assert ok, f"far from the modes ({str(dtype)[6:]}): off by {max_err(got, want):.3g}"
