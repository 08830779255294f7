"""Hidden tests of HW02: the logit of the optimal discriminator between two 1-D Gaussians."""

import torch
from gancheck import (
    F64,
    check_finite,
    check_tensor,
    max_err,
    optimal_logit,
    optimal_logit_scale,
    randn,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility

means = st.floats(-3.0, 3.0, allow_nan=False)
stds = st.floats(0.2, 3.0, allow_nan=False)
shapes = st.sampled_from([(5,), (4, 1), (3, 3), (2, 5), (2, 3, 4)])


@points(5)
@visibility("hidden")
@given(shape=shapes, mu_r=means, s_r=stds, mu_g=means, s_g=stds, seed=st.integers(0, 10_000))
@example(shape=(4, 1), mu_r=0.0, s_r=1.0, mu_g=1.0, s_g=1.0, seed=0)
@example(shape=(3, 3), mu_r=0.5, s_r=0.5, mu_g=-1.0, s_g=2.0, seed=1)
@settings(max_examples=30)
def test_optimal_d_logit_value(student, shape, mu_r, s_r, mu_g, s_g, seed):
    """optimal_d_logit(x, mu_r, s_r, mu_g, s_g) = log N(x; mu_r, s_r²) - log N(x; mu_g, s_g²) element-wise (s are standard deviations; the normalising constants matter when s_r != s_g), with the shape of x; swapping the two Gaussians flips its sign (float64, 1e-10 relative)."""
    x = randn(shape, seed, scale=2.5)
    got = check_tensor(student.optimal_d_logit(x, mu_r, s_r, mu_g, s_g), shape, F64, "optimal_d_logit(x, ...)")
    want = optimal_logit(x, mu_r, s_r, mu_g, s_g)
    scale = optimal_logit_scale(x, mu_r, s_r, mu_g, s_g)
    err = ((got - want).abs() / scale).max()
    assert float(err) <= 1e-10, (
        f"optimal_d_logit with p_r = N({mu_r:.4g}, {s_r:.4g}²), p_g = N({mu_g:.4g}, {s_g:.4g}²) differs from "
        f"log p_r(x) - log p_g(x) by up to {max_err(got, want):.3g}"
    )
    swapped = check_tensor(student.optimal_d_logit(x, mu_g, s_g, mu_r, s_r), shape, F64, "optimal_d_logit(x, ...)")
    assert float(((swapped + want).abs() / scale).max()) <= 1e-10, (
        "swapping the real and the generated Gaussian should flip the sign of the optimal logit"
    )


@points(3)
@visibility("hidden")
def test_optimal_d_logit_stable_far(student):
    """optimal_d_logit is finite and right far in the tails, where both densities underflow to 0 (x up to 1e3 with standard deviations 0.01 to 1): it is a difference of log-densities, not the log of a ratio (float64, 1e-10 relative to the size of the terms)."""
    x = torch.tensor([[-1000.0, -60.0, -5.0, 0.0, 5.0, 60.0, 1000.0]], dtype=F64).T  # (7, 1)
    for params in [(0.0, 1.0, 3.0, 1.0), (0.0, 0.01, 0.1, 0.02), (-2.0, 0.5, 2.0, 0.05), (0.0, 0.3, 200.0, 0.3)]:
        got = check_tensor(student.optimal_d_logit(x, *params), (7, 1), F64, "optimal_d_logit")
        check_finite(got, f"optimal_d_logit(x, {', '.join(str(p) for p in params)}) at x = {x.reshape(-1).tolist()}")
        want = optimal_logit(x, *params)
        scale = optimal_logit_scale(x, *params)
        assert float(((got - want).abs() / scale).max()) <= 1e-10, (
            f"optimal_d_logit(x, {', '.join(str(p) for p in params)}) differs from log p_r(x) - log p_g(x) by up to "
            f"{max_err(got, want):.3g} at x = {x.reshape(-1).tolist()}"
        )
