"""Hidden tests of HW05: the linear probability path and its target velocity."""

import torch
from fmcheck import F64, check_tensor, data_shapes, max_err, randn, t_shape, times
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


@points(3)
@visibility("visible")
def test_sample_path_endpoints(student):
    """sample_path gives x0 at t = 0 and x1 at t = 1 (per sample: t may differ along the batch), for (B, D) data with t of shape (B, 1) and image batches (B, C, H, W) with t of shape (B, 1, 1, 1)."""
    for k, shape in enumerate([(4, 4), (3, 5), (2, 3, 4, 4), (1, 2), (4, 2, 3, 4)]):
        x0, x1 = randn(shape, 10 + k, scale=2.0), randn(shape, 20 + k, scale=2.0)
        ends = torch.tensor([float(i % 2) for i in range(shape[0])], dtype=F64).reshape(
            t_shape(shape)
        )
        for t, what in (
            (torch.zeros(t_shape(shape), dtype=F64), "t = 0"),
            (torch.ones(t_shape(shape), dtype=F64), "t = 1"),
            (ends, "t alternating 0, 1 along the batch"),
        ):
            got = check_tensor(
                student.sample_path(x0, x1, t),
                shape,
                F64,
                f"sample_path with {what}, x of shape {shape}",
            )
            want = torch.where(t.expand(shape) > 0.5, x1, x0)
            err = max_err(got, want)
            assert err <= 1e-12, (
                f"with {what} (x of shape {shape}) sample_path should return x0 where t = 0 and x1 where "
                f"t = 1; off by up to {err:.3g}"
            )


@points(3)
@visibility("hidden")
@given(shape=data_shapes(), seed=st.integers(0, 10_000))
@example(shape=(3, 3), seed=1)
@example(shape=(2, 3, 2, 2), seed=2)
def test_sample_path_values(student, shape, seed):
    """sample_path is the straight line (1 - t) x0 + t x1 between noise and data, with one time per sample (float64, 1e-12)."""
    x0, x1 = randn(shape, seed, scale=2.0), randn(shape, seed + 1, scale=2.0)
    t = times(shape[0], seed, len(shape), 0.0, 1.0)
    got = check_tensor(
        student.sample_path(x0, x1, t), shape, F64, f"sample_path on x of shape {shape}"
    )
    want = (1 - t) * x0 + t * x1
    err = max_err(got, want)
    assert err <= 1e-12, (
        f"sample_path is off the line (1 - t) x0 + t x1 by up to {err:.3g} (x of shape {shape})"
    )


@points(6)
@visibility("hidden")
@given(shape=data_shapes(), seed=st.integers(0, 10_000))
@example(shape=(4, 4), seed=3)
@example(shape=(3, 2, 4, 4), seed=4)
@settings(max_examples=20)
def test_path_derivative_is_target_velocity(student, shape, seed):
    """The time derivative of sample_path (central finite differences of its values) equals target_velocity(x0, x1), and that is x1 - x0 (float64, 1e-7)."""
    b = shape[0]
    x0, x1 = randn(shape, seed, scale=2.0), randn(shape, seed + 1, scale=2.0)
    t = times(b, seed, len(shape), 0.05, 0.95)
    h = 1e-4
    # one batched call: the first half at t + h, the second at t - h
    out = student.sample_path(torch.cat([x0, x0]), torch.cat([x1, x1]), torch.cat([t + h, t - h]))
    out = check_tensor(
        out, (2 * b,) + shape[1:], F64, f"sample_path on x of shape {(2 * b,) + shape[1:]}"
    )
    deriv = (out[:b] - out[b:]) / (2 * h)
    vel = check_tensor(student.target_velocity(x0, x1), shape, F64, "target_velocity(x0, x1)")
    err = max_err(deriv, vel)
    assert err <= 1e-7, (
        f"d/dt sample_path(x0, x1, t) differs from target_velocity(x0, x1) by up to {err:.3g}: "
        "the target is not the velocity of the path"
    )
    err = max_err(vel, x1 - x0)
    assert err <= 1e-12, f"target_velocity(x0, x1) differs from x1 - x0 by up to {err:.3g}"
