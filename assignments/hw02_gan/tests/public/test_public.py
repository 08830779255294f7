"""Public checks of HW02 (students get this file; run it with `autograder check`).

They look at shapes and at a few values you can verify by hand; the hidden tests check the same
properties over many shapes, dtypes and logits (up to ±1000), plus the properties listed in the
notebook (the JSD identity, gradient saturation, clipping in place, the penalty's gradients).
"""

import math

import torch

from autograder import testmodels
from autograder.testing import points, visibility

F64 = torch.float64


def _scalar(t, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == (), f"{what} has shape {tuple(t.shape)}; expected a 0-dim tensor ()"
    assert t.dtype == F64, f"{what} has dtype {t.dtype}; expected {F64}"
    return float(t)


@points(3)
@visibility("visible")
def test_public_gan_losses_small_examples(student):
    """d_loss_bce is 2 log 2 when every logit is 0 (real batch (4,), fake batch (3, 1)); at logits 0 the generator losses are log 2 (non-saturating) and -log 2 (minimax)."""
    got = _scalar(
        student.d_loss_bce(torch.zeros(4, dtype=F64), torch.zeros(3, 1, dtype=F64)), "d_loss_bce"
    )
    assert abs(got - 2 * math.log(2)) < 1e-12, f"d_loss_bce at zero logits is {got}; expected 2 log 2"
    got = _scalar(student.g_loss_nonsaturating(torch.zeros(5, dtype=F64)), "g_loss_nonsaturating")
    assert abs(got - math.log(2)) < 1e-12, f"g_loss_nonsaturating at zero logits is {got}; expected log 2"
    got = _scalar(student.g_loss_minimax(torch.zeros(5, dtype=F64)), "g_loss_minimax")
    assert abs(got + math.log(2)) < 1e-12, f"g_loss_minimax at zero logits is {got}; expected -log 2"


@points(3)
@visibility("visible")
def test_public_wgan_losses(student):
    """With real scores (1, 2, 3) and fake scores (0, -1) the critic loss is -0.5 - 2 = -2.5 and the generator loss 0.5."""
    s_real = torch.tensor([1.0, 2.0, 3.0], dtype=F64)
    s_fake = torch.tensor([[0.0], [-1.0]], dtype=F64)
    got = _scalar(student.wgan_critic_loss(s_real, s_fake), "wgan_critic_loss")
    assert abs(got + 2.5) < 1e-12, f"wgan_critic_loss is {got}; expected -2.5"
    got = _scalar(student.wgan_generator_loss(s_fake), "wgan_generator_loss")
    assert abs(got - 0.5) < 1e-12, f"wgan_generator_loss is {got}; expected 0.5"


@points(4)
@visibility("visible")
def test_public_gradient_penalty_linear_critic(student):
    """For the linear critic f(x) = 3 x_1 + 4 x_2 + 1 (gradient norm 5) the penalty is (5 - 1)² = 16, whatever alpha."""
    critic = student.remote(
        testmodels.Linear, torch.tensor([[3.0, 4.0]], dtype=F64), torch.tensor([1.0], dtype=F64)
    )
    real = torch.tensor([[1.0, 0.0], [0.0, 2.0], [-1.0, 1.0]], dtype=F64)
    fake = torch.tensor([[0.5, 0.5], [2.0, -1.0], [0.0, 0.0]], dtype=F64)
    alpha = torch.tensor([0.0, 0.3, 1.0], dtype=F64)
    got = _scalar(student.gradient_penalty(critic, real, fake, alpha), "gradient_penalty")
    assert abs(got - 16.0) < 1e-10, f"gradient_penalty is {got}; expected 16"
