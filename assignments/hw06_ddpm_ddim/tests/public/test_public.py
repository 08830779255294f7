"""Public checks of HW06 (students get this file; run it with `autograder check`).

They look at shapes and at a few values you can verify by hand; the hidden tests check the same
properties over many schedules, times, batch shapes and dtypes, and run whole samplers.
"""

import torch

from autograder.testing import points, visibility

F64 = torch.float64


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t


@points(3)
@visibility("visible")
def test_public_linear_schedule(student):
    """linear_beta_schedule(10) has shape (11,), dtype float64, betas[0] = 0, betas[1] = 1e-4, betas[10] = 0.02;
    alpha_bar_from_betas gives alpha_bar[0] = 1 and alpha_bar[1] = 1 - 1e-4."""
    betas = _tensor(student.linear_beta_schedule(10), (11,), F64, "linear_beta_schedule(10)")
    assert betas[0].item() == 0.0, f"betas[0] should be 0 (it stands for t = 0); got {betas[0].item()}"
    assert abs(betas[1].item() - 1e-4) < 1e-15, f"betas[1] should be 1e-4; got {betas[1].item()}"
    assert abs(betas[10].item() - 0.02) < 1e-15, f"betas[10] should be 0.02; got {betas[10].item()}"
    ab = _tensor(student.alpha_bar_from_betas(betas), (11,), F64, "alpha_bar_from_betas(betas)")
    assert ab[0].item() == 1.0, f"alpha_bar[0] should be 1; got {ab[0].item()}"
    assert abs(ab[1].item() - (1 - 1e-4)) < 1e-15, f"alpha_bar[1] should be 1 - 1e-4; got {ab[1].item()}"


@points(3)
@visibility("visible")
def test_public_q_sample_shapes_and_t0(student):
    """q_sample keeps the shape and dtype of x0, and returns x0 itself for the sample with t = 0."""
    betas = torch.zeros(11, dtype=F64)
    betas[1:] = 0.1
    alpha_bar = torch.cumprod(1 - betas, 0)
    x0 = torch.arange(12, dtype=F64).reshape(4, 3) / 4
    eps = torch.ones(4, 3, dtype=F64)
    t = torch.tensor([0, 1, 5, 10])
    xt = _tensor(student.q_sample(x0, t, eps, alpha_bar), (4, 3), F64, "q_sample(x0, t, eps, alpha_bar)")
    assert torch.allclose(xt[0], x0[0], atol=1e-12), f"at t = 0 the data should come back unchanged; got {xt[0].tolist()}"
    expected = 0.9**0.5 * x0[1] + 0.1**0.5  # t = 1: alpha_bar = 0.9
    assert torch.allclose(xt[1], expected, atol=1e-12), f"at t = 1 expected {expected.tolist()}; got {xt[1].tolist()}"


@points(4)
@visibility("visible")
def test_public_ddpm_step_true_noise_at_t1(student, support):
    """With a model that returns the true noise, the last DDPM step (t = 1) maps x_1 back to x_0 exactly and
    ignores z."""
    betas = torch.zeros(11, dtype=F64)
    betas[1:] = torch.linspace(0.01, 0.2, 10, dtype=F64)
    alpha_bar = torch.cumprod(1 - betas, 0)
    x0 = torch.tensor([[1.0, -2.0], [0.5, 3.0], [-1.5, 0.0]], dtype=F64)
    eps = torch.tensor([[0.3, -1.0], [2.0, 0.1], [-0.7, 1.2]], dtype=F64)
    x1 = alpha_bar[1].sqrt() * x0 + (1 - alpha_bar[1]).sqrt() * eps
    model = student.remote(support.TrueNoiseEps, x0, alpha_bar)
    out = _tensor(student.ddpm_step(model, x1, 1, torch.randn(3, 2, dtype=F64), betas, alpha_bar), (3, 2), F64, "ddpm_step")
    assert torch.allclose(out, x0, atol=1e-10), f"ddpm_step at t = 1 should return x_0 = {x0.tolist()}; got {out.tolist()}"
