"""Hidden tests: noise schedules (linear betas, cumulative products, cosine alpha_bar)."""

import numpy as np
import torch
from ddpmcheck import F64, expect_tensor, np_cosine_alpha_bar, np_linear_betas
from hypothesis import given
from hypothesis import strategies as st

from autograder.testing import points, visibility


@points(4)
@visibility("visible")
@given(
    T=st.one_of(st.sampled_from([1, 2, 1000]), st.integers(1, 2000)),
    ends=st.one_of(
        st.just(None),
        st.tuples(st.floats(1e-5, 1e-2), st.floats(1.1e-2, 0.5)),
    ),
)
def test_linear_beta_schedule_properties(student, T, ends):
    """linear_beta_schedule(T, beta_1, beta_T): float64 of shape (T+1,), betas[0] = 0, then evenly spaced
    from beta_1 to beta_T (all in (0, 1)); the defaults are beta_1 = 1e-4 and beta_T = 0.02."""
    if ends is None:
        betas = student.linear_beta_schedule(T)
        beta_1, beta_T = 1e-4, 0.02
    else:
        beta_1, beta_T = ends
        betas = student.linear_beta_schedule(T, beta_1, beta_T)
    betas = expect_tensor(betas, (T + 1,), F64, f"linear_beta_schedule({T})")
    assert betas[0] == 0, f"betas[0] (the 't = 0' entry) should be 0; got {betas[0].item()}"
    assert ((betas[1:] > 0) & (betas[1:] < 1)).all(), "every beta_t, t >= 1, should lie in (0, 1)"
    assert abs(betas[1].item() - beta_1) <= 1e-12, f"betas[1] should be beta_1 = {beta_1}; got {betas[1].item()}"
    if T >= 2:
        assert abs(betas[T].item() - beta_T) <= 1e-12, f"betas[T] should be beta_T = {beta_T}; got {betas[T].item()}"
    want = torch.tensor(np_linear_betas(T, beta_1, beta_T), dtype=F64)
    assert torch.allclose(betas, want, rtol=1e-12, atol=1e-15), "betas[1..T] are not evenly spaced from beta_1 to beta_T"


@points(4)
@given(
    T=st.integers(1, 1000),
    seed=st.integers(0, 2**16),
    dtype=st.sampled_from([torch.float64, torch.float32]),
)
def test_alpha_bar_from_betas_is_cumulative_product(student, T, seed, dtype):
    """alpha_bar_from_betas: shape (T+1,), dtype of betas, alpha_bar[0] = 1 and alpha_bar[t] = prod_{s=1..t} (1 - beta_s),
    strictly decreasing in (0, 1]."""
    rng = np.random.default_rng(seed)
    b = np.concatenate([[0.0], rng.uniform(1e-4, 0.05, T)])
    betas = torch.tensor(b, dtype=dtype)
    ab = expect_tensor(student.alpha_bar_from_betas(betas), (T + 1,), dtype, "alpha_bar_from_betas(betas)")
    assert ab[0] == 1, f"alpha_bar[0] (t = 0, an empty product) should be 1; got {ab[0].item()}"
    want = torch.tensor(np.cumprod(1 - betas.double().numpy()), dtype=F64)
    rtol = 1e-12 if dtype == F64 else 1e-4
    assert torch.allclose(ab.double(), want, rtol=rtol, atol=0), (
        "alpha_bar[t] is not prod_{s=1..t} (1 - betas[s]) "
        f"(t = 1: got {ab[1].item():.8g}, expected {want[1].item():.8g})"
    )
    assert (ab[1:] < ab[:-1]).all() and (ab > 0).all(), "alpha_bar should decrease strictly and stay > 0"


@points(6)
@given(
    T=st.one_of(st.sampled_from([2, 1000]), st.integers(2, 2000)),
    s=st.one_of(st.just(None), st.floats(1e-3, 0.1)),
    max_beta=st.one_of(st.just(None), st.floats(0.5, 0.999)),
)
def test_cosine_alpha_bar_properties(student, T, s, max_beta):
    """cosine_alpha_bar(T, s, max_beta): float64 (T+1,), alpha_bar[0] = 1, strictly decreasing and positive,
    alpha_bar[t] = f(t)/f(0) with f(t) = cos^2((t/T + s)/(1 + s) pi/2) as long as the implied
    beta_t = 1 - alpha_bar[t]/alpha_bar[t-1] stays below max_beta (which it never exceeds);
    with the defaults alpha_bar[T] < 1e-3."""
    kwargs = {}
    if s is not None:
        kwargs["s"] = s
    if max_beta is not None:
        kwargs["max_beta"] = max_beta
    ab = expect_tensor(student.cosine_alpha_bar(T, **kwargs), (T + 1,), F64, f"cosine_alpha_bar({T})")
    assert ab[0] == 1, f"alpha_bar[0] should be 1; got {ab[0].item()}"
    assert (ab > 0).all() and (ab[1:] < ab[:-1]).all(), "alpha_bar should decrease strictly and stay > 0"
    implied = 1 - ab[1:] / ab[:-1]
    cap = 0.999 if max_beta is None else max_beta
    assert implied.max().item() <= cap + 1e-9, (
        f"an implied beta_t = 1 - alpha_bar[t]/alpha_bar[t-1] is {implied.max().item():.6f} > max_beta = {cap}"
    )
    want = torch.tensor(np_cosine_alpha_bar(T, **kwargs), dtype=F64)
    assert torch.allclose(ab, want, rtol=1e-9, atol=1e-300), (
        "alpha_bar differs from the clipped cosine schedule "
        f"(largest relative gap {((ab - want).abs() / want).max().item():.3g})"
    )
    if not kwargs:
        assert ab[T] < 1e-3, f"with the defaults alpha_bar[T] should be < 1e-3 (almost pure noise); got {ab[T].item():.3g}"
