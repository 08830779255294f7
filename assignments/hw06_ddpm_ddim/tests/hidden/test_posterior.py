"""Hidden tests: the forward posterior q(x_{t-1} | x_t, x_0)."""

import numpy as np
import torch
from ddpmcheck import (
    F64,
    bayes_posterior,
    data_shapes,
    expect_tensor,
    f32_ok,
    max_err,
    randn,
    schedule,
    schedules,
    time_batch,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.testing import points


@st.composite
def posterior_case(draw):
    _, T, betas, alpha_bar = draw(schedules(min_T=2))
    b = draw(st.integers(1, 4))
    d = draw(st.sampled_from([1, 2, b]))
    t = draw(time_batch(T, b, 2))
    vals = st.floats(-5, 5, allow_nan=False, allow_infinity=False)
    x0 = torch.tensor(draw(st.lists(vals, min_size=b * d, max_size=b * d)), dtype=F64).reshape(b, d)
    xt = torch.tensor(draw(st.lists(vals, min_size=b * d, max_size=b * d)), dtype=F64).reshape(b, d)
    return betas, alpha_bar, t, x0, xt


def _pair(out, what):
    assert isinstance(out, tuple | list) and len(out) == 2, f"{what} should return a pair (mean, var)"
    return out[0], out[1]


@points(7)
@given(case=posterior_case())
@settings(max_examples=25)
def test_q_posterior_matches_bayes_on_grid(student, case):
    """q_posterior's mean and variance equal those of q(x_{t-1} | x_t, x_0), computed numerically by Bayes' rule
    on a 1-D grid: normalised q(x_t | x_{t-1}) q(x_{t-1} | x_0), coordinate by coordinate, for t >= 2."""
    betas, alpha_bar, t, x0, xt = case
    mean, var = _pair(student.q_posterior(x0, xt, t, betas, alpha_bar), "q_posterior")
    b, d = x0.shape
    mean = expect_tensor(mean, (b, d), F64, "the posterior mean")
    var = expect_tensor(var, (b, 1), F64, "the posterior variance (one per sample, shape (B, 1))")
    bn, an = betas.numpy(), alpha_bar.numpy()
    for i in range(b):
        for j in range(d):
            m, v = bayes_posterior(float(x0[i, j]), float(xt[i, j]), int(t[i]), bn, an)
            assert abs(mean[i, j].item() - m) <= 1e-7 * (1 + abs(m)), (
                f"t = {int(t[i])}, x0 = {x0[i, j].item():.4g}, x_t = {xt[i, j].item():.4g}: "
                f"posterior mean {mean[i, j].item():.10g}, Bayes gives {m:.10g}"
            )
            assert abs(var[i, 0].item() - v) <= 1e-7 * v + 1e-14, (
                f"t = {int(t[i])}: posterior variance {var[i, 0].item():.10g}, Bayes gives {v:.10g}"
            )


@points(2)
@given(kind=st.sampled_from(["linear", "cosine", "random"]), shape=data_shapes(), seed=st.integers(0, 2**16))
def test_q_posterior_at_t1_is_point_mass_at_x0(student, kind, shape, seed):
    """At t = 1 (alpha_bar[0] = 1) the posterior is a point mass at x_0: mean = x0 and variance 0."""
    betas, alpha_bar = schedule(kind, 100, seed)
    x0, xt = randn(shape, seed, scale=2.0), randn(shape, seed + 1, scale=2.0)
    t = torch.ones(shape[0], dtype=torch.long)
    mean, var = _pair(student.q_posterior(x0, xt, t, betas, alpha_bar), "q_posterior")
    mean = expect_tensor(mean, shape, F64, "the posterior mean")
    var = expect_tensor(var, (shape[0],) + (1,) * (len(shape) - 1), F64, "the posterior variance")
    assert torch.allclose(mean, x0, rtol=1e-9, atol=1e-10), f"at t = 1 the posterior mean differs from x0 by {max_err(mean, x0):.3g}"
    assert (var.abs() <= 1e-12).all(), f"at t = 1 the posterior variance should be 0; got {var.flatten().tolist()}"


@points(2)
@given(
    dtype=st.sampled_from([torch.float32, torch.float64]),
    shape=st.sampled_from([(3, 2, 4, 4), (4, 4), (2, 1, 3, 5)]),
    seed=st.integers(0, 2**16),
)
@settings(max_examples=12)
def test_q_posterior_shapes_and_dtypes(student, reference, dtype, shape, seed):
    """q_posterior returns mean with x0's shape and var of shape (B, 1, ..., 1), both in x0's dtype
    (float32 or float64), with the right values for image batches too."""
    betas, alpha_bar = schedule("linear", 1000)
    x0, xt = randn(shape, seed, dtype, 2.0), randn(shape, seed + 1, dtype, 2.0)
    t = torch.tensor([2, 500, 1000, 37][: shape[0]], dtype=torch.long)
    mean, var = _pair(student.q_posterior(x0, xt, t, betas, alpha_bar), "q_posterior")
    mean = expect_tensor(mean, shape, dtype, "the posterior mean")
    var = expect_tensor(var, (shape[0],) + (1,) * (len(shape) - 1), dtype, "the posterior variance")
    m_ref, v_ref = reference.q_posterior(x0.double(), xt.double(), t, betas, alpha_bar)
    if dtype == F64:
        assert torch.allclose(mean, m_ref, rtol=1e-10, atol=1e-12), f"posterior mean off by {max_err(mean, m_ref):.3g}"
        assert torch.allclose(var, v_ref, rtol=1e-10, atol=1e-14), f"posterior variance off by {max_err(var, v_ref):.3g}"
    else:
        assert f32_ok(mean, m_ref), f"float32 posterior mean off by {max_err(mean, m_ref):.3g}"
        assert f32_ok(var, v_ref) and torch.allclose(var.double(), v_ref, rtol=5e-3, atol=1e-9), (
            f"float32 posterior variance off by {max_err(var, v_ref):.3g}"
        )
