"""Public checks of HW05 (students get this file; run it with `autograder check`).

They look at shapes and at a few fixed examples; the hidden tests check the same properties
over many shapes, times, schedules and dtypes, plus the properties listed in the notebook.
"""

import torch

from autograder.testing import points, visibility

F64 = torch.float64


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), (
        f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    )
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t.detach()


@points(3)
@visibility("visible")
def test_public_path_and_target(student):
    """sample_path goes from x0 (t = 0) to x1 (t = 1) on a straight line; target_velocity is x1 - x0."""
    x0 = torch.tensor([[0.0, 1.0], [2.0, -1.0], [1.0, 1.0]], dtype=F64)
    x1 = torch.tensor([[1.0, 1.0], [0.0, 3.0], [-1.0, 2.0]], dtype=F64)
    t = torch.tensor([[0.0], [0.25], [1.0]], dtype=F64)
    xt = _tensor(student.sample_path(x0, x1, t), (3, 2), F64, "sample_path(x0, x1, t)")
    expected = torch.tensor([[0.0, 1.0], [1.5, 0.0], [-1.0, 2.0]], dtype=F64)
    assert torch.allclose(xt, expected, atol=1e-12), (
        f"sample_path gave {xt.tolist()}; expected {expected.tolist()}"
    )
    v = _tensor(student.target_velocity(x0, x1), (3, 2), F64, "target_velocity(x0, x1)")
    assert torch.allclose(v, x1 - x0, atol=1e-12), (
        f"target_velocity gave {v.tolist()}; expected x1 - x0"
    )


@points(3)
@visibility("visible")
def test_public_cfm_loss_constant_field(student, support):
    """For a constant field c, cfm_loss is the mean over the batch and the coordinates of (c - (x1 - x0))²."""
    c = torch.tensor([0.5, -1.0, 2.0], dtype=F64)
    field = student.remote(support.ConstantField, c)
    x0 = torch.linspace(-1, 1, 12, dtype=F64).reshape(4, 3)
    x1 = torch.linspace(2, -2, 12, dtype=F64).reshape(4, 3)
    t = torch.tensor([[0.1], [0.4], [0.6], [0.9]], dtype=F64)
    loss = _tensor(student.cfm_loss(field, x0, x1, t), (), F64, "cfm_loss (a scalar)")
    expected = ((c - (x1 - x0)) ** 2).mean()
    assert abs(float(loss) - float(expected)) <= 1e-10, (
        f"cfm_loss gave {float(loss):.8g}; expected {float(expected):.8g}"
    )


@points(4)
@visibility("visible")
def test_public_euler_time_grid(student, support):
    """euler_sample with 4 steps calls the model at t = 0, 0.25, 0.5, 0.75, each time with t of shape (B, 1); for the field u(x, t) = x it returns x0 (1 + 1/4)^4."""
    spy = student.remote(support.TimeSpy, 1.0)
    x0 = torch.tensor([[1.0, -2.0], [0.5, 3.0], [-1.5, 0.25]], dtype=F64)
    x4 = _tensor(student.euler_sample(spy, x0, 4), (3, 2), F64, "euler_sample(model, x0, 4)")
    calls = spy.calls
    got = [(tuple(shape), values[0] if values else None) for _, shape, values in calls]
    expected = [((3, 1), k / 4) for k in range(4)]
    assert got == expected, (
        f"the model was called with (shape of t, t) = {got}; expected {expected}"
    )
    want = x0 * 1.25**4  # four Euler steps x <- x + x / 4
    assert torch.allclose(x4, want, rtol=1e-12, atol=1e-12), (
        f"for the field u(x, t) = x, euler_sample(model, x0, 4) gave {x4.tolist()}; expected x0 * 1.25^4 = {want.tolist()}"
    )
