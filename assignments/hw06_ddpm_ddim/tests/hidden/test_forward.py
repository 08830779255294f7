"""Hidden tests: the forward marginal q(x_t | x_0) and its inversion."""

import torch
from ddpmcheck import (
    F64,
    data_shapes,
    expect_tensor,
    forward_marginal,
    max_err,
    np_linear_betas,
    per_sample,
    randn,
    schedules,
    time_batch,
)
from hypothesis import given
from hypothesis import strategies as st

from autograder.testing import points, visibility


@st.composite
def forward_case(draw, low=0):
    _, T, betas, alpha_bar = draw(schedules())
    shape = draw(data_shapes())
    t = draw(time_batch(T, shape[0], low))
    seed = draw(st.integers(0, 2**16))
    x0 = randn(shape, seed, scale=2.0)
    eps = randn(shape, seed + 1)
    return betas, alpha_bar, t, x0, eps


@points(4)
@visibility("visible")
@given(case=forward_case())
def test_q_sample_matches_closed_form(student, case):
    """q_sample(x0, t, eps, alpha_bar) = sqrt(alpha_bar[t]) x0 + sqrt(1 - alpha_bar[t]) eps, each sample with its
    own t (a LongTensor (B,)), for vectors (B, D) -- also when B == D -- and images (B, C, H, W)."""
    _, alpha_bar, t, x0, eps = case
    got = expect_tensor(student.q_sample(x0, t, eps, alpha_bar), x0.shape, F64, "q_sample(x0, t, eps, alpha_bar)")
    want = forward_marginal(x0, t, eps, alpha_bar)
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-12), (
        f"q_sample differs from sqrt(alpha_bar[t]) x0 + sqrt(1 - alpha_bar[t]) eps by up to {max_err(got, want):.3g} "
        f"(t = {t.tolist()})"
    )


@points(2)
@given(shape=data_shapes(), seed=st.integers(0, 2**16))
def test_q_sample_at_t0_returns_x0(student, shape, seed):
    """At t = 0 (alpha_bar[0] = 1) q_sample returns the data itself: no signal lost, no noise added; in a batch
    that mixes t = 0 with later steps, only the t = 0 rows are returned unchanged, the others are noised."""
    T = 50
    alpha_bar = torch.tensor(np_linear_betas(T), dtype=F64)
    alpha_bar = torch.cumprod(1 - alpha_bar, 0)
    x0, eps = randn(shape, seed, scale=2.0), randn(shape, seed + 1)
    t = torch.zeros(shape[0], dtype=torch.long)
    got = expect_tensor(student.q_sample(x0, t, eps, alpha_bar), shape, F64, "q_sample at t = 0")
    assert torch.allclose(got, x0, rtol=1e-12, atol=1e-14), f"q_sample at t = 0 differs from x0 by {max_err(got, x0):.3g}"
    if shape[0] > 1:  # one sample at t = 0 among others at t > 0
        t = torch.arange(shape[0], dtype=torch.long) * (T // shape[0])
        got = student.q_sample(x0, t, eps, alpha_bar)
        assert torch.allclose(got[0], x0[0], rtol=1e-12, atol=1e-14), "the sample with t = 0 is not returned unchanged"
    xm, em = randn((3, 2), seed + 2, scale=2.0), randn((3, 2), seed + 3)
    tm = torch.tensor([0, 10, 40], dtype=torch.long)
    got = expect_tensor(student.q_sample(xm, tm, em, alpha_bar), (3, 2), F64, "q_sample with t = [0, 10, 40]")
    want = forward_marginal(xm, tm, em, alpha_bar)
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-12), (
        f"q_sample with t = [0, 10, 40] differs from sqrt(alpha_bar[t]) x0 + sqrt(1 - alpha_bar[t]) eps by up to "
        f"{max_err(got, want):.3g}"
    )


@points(3)
def test_q_sample_statistics(student):
    """For a fixed x0 and standard normal eps, q_sample's outputs have mean sqrt(alpha_bar[t]) x0 and variance
    1 - alpha_bar[t] (within 5 standard errors; 20000 draws), at t = 1, 100, 400 and T = 1000."""
    T, n = 1000, 20000
    alpha_bar = torch.cumprod(1 - torch.tensor(np_linear_betas(T), dtype=F64), 0)
    row = torch.tensor([1.5, -0.5, 3.0], dtype=F64)
    x0 = row.expand(n, 3).clone()
    eps = torch.randn(n, 3, generator=torch.Generator().manual_seed(6), dtype=F64)
    for step in (1, 100, 400, 1000):
        t = torch.full((n,), step, dtype=torch.long)
        x = expect_tensor(student.q_sample(x0, t, eps, alpha_bar), (n, 3), F64, "q_sample")
        ab = alpha_bar[step]
        mean_want, var_want = ab.sqrt() * row, (1 - ab) * torch.ones(3, dtype=F64)
        se_mean = (var_want / n).sqrt()
        se_var = var_want * (2 / (n - 1)) ** 0.5
        mean, var = x.mean(0), x.var(0)
        assert ((mean - mean_want).abs() <= 5 * se_mean).all(), (
            f"t = {step}: sample mean {mean.tolist()} but E[x_t | x_0] = sqrt(alpha_bar_t) x_0 = {mean_want.tolist()}"
        )
        assert ((var - var_want).abs() <= 5 * se_var).all(), (
            f"t = {step}: sample variance {var.tolist()} but Var[x_t | x_0] = 1 - alpha_bar_t = {var_want[0].item():.6g}"
        )


@points(3)
@given(case=forward_case())
def test_predict_x0_inverts_q_sample(student, case):
    """predict_x0_from_eps(x_t, t, eps, alpha_bar) recovers x0 from x_t = sqrt(alpha_bar[t]) x0 + sqrt(1 - alpha_bar[t]) eps
    (per-sample t, any batch shape); it also undoes your own q_sample."""
    _, alpha_bar, t, x0, eps = case
    x_t = forward_marginal(x0, t, eps, alpha_bar)
    got = expect_tensor(student.predict_x0_from_eps(x_t, t, eps, alpha_bar), x0.shape, F64, "predict_x0_from_eps")
    scale = 1e-12 / per_sample(alpha_bar, t, x0).sqrt() * (1 + x_t.abs() + eps.abs())
    assert ((got - x0).abs() <= scale + 1e-10 * x0.abs()).all(), (
        f"predict_x0_from_eps(q(x0), t, eps) differs from x0 by up to {max_err(got, x0):.3g} (t = {t.tolist()})"
    )
    back = student.predict_x0_from_eps(student.q_sample(x0, t, eps, alpha_bar), t, eps, alpha_bar)
    assert ((back - x0).abs() <= 10 * scale + 1e-10 * x0.abs()).all(), "predict_x0_from_eps does not undo q_sample"
