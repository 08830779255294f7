"""Hidden tests of HW02: the two generator losses, their values and their gradients (saturation)."""

import numpy as np
import torch
import torch.nn.functional as F
from gancheck import (
    F64,
    check_finite,
    check_scalar,
    check_tensor,
    extreme_logit_values,
    g_minimax,
    logit_batches,
    shaped,
    sigmoid,
)
from hypothesis import example, given, settings

from autograder.testing import points, visibility


@points(4)
@visibility("hidden")
@given(fake=logit_batches())
@example(fake=([0.0, 1.0, -2.0], False))
@example(fake=([3.0, -0.5], True))
@settings(max_examples=30)
def test_g_loss_nonsaturating_is_bce_with_target_one(student, fake):
    """g_loss_nonsaturating(l) = -mean log sigmoid(l) is the binary cross-entropy of the fake logits with target 1 (torch's BCEWithLogits(l, 1)) (float64, 1e-12 relative)."""
    lf = shaped(*fake)
    got = check_scalar(student.g_loss_nonsaturating(lf), F64, "g_loss_nonsaturating")
    want = float(F.binary_cross_entropy_with_logits(lf, torch.ones_like(lf)))
    assert abs(float(got) - want) <= 1e-12 * (1 + abs(want)), (
        f"g_loss_nonsaturating({lf.reshape(-1).tolist()}) is {float(got):.12g}; the cross-entropy with target 1 "
        f"is {want:.12g}"
    )


@points(3)
@visibility("hidden")
@given(fake=logit_batches())
@example(fake=([0.0, 0.0], False))
@example(fake=([2.0, -1.0, 0.5], True))
@settings(max_examples=30)
def test_g_loss_minimax_value(student, fake):
    """g_loss_minimax(l) = mean log(1 - sigmoid(l)) = -mean softplus(l): the second term of the GAN value function, which the generator minimises (it is -log 2 at l = 0) (float64, 1e-12 relative)."""
    lf = shaped(*fake)
    got = check_scalar(student.g_loss_minimax(lf), F64, "g_loss_minimax")
    want = g_minimax(lf)
    assert abs(float(got) - want) <= 1e-12 * (1 + abs(want)), (
        f"g_loss_minimax({lf.reshape(-1).tolist()}) is {float(got):.12g}; mean log(1 - sigmoid(l)) is {want:.12g}"
    )


@points(6)
@visibility("hidden")
@given(fake=logit_batches(extreme_logit_values))
@example(fake=([-30.0, 0.0, 30.0], False))
@example(fake=([-1000.0, 1000.0, -5.0, 2.0], True))
@settings(max_examples=25)
def test_generator_gradients_saturation(student, support, fake):
    """Through autograd, d g_loss_minimax / d l_i = -sigmoid(l_i) / B, which vanishes as l_i -> -inf (saturation), and d g_loss_nonsaturating / d l_i = -(1 - sigmoid(l_i)) / B, which tends to -1/B; finite for logits up to ±1000 (float64, 1e-8 / B)."""
    lf = shaped(*fake)
    b = lf.shape[0]
    x = lf.reshape(-1).numpy()
    expected = {
        "g_loss_minimax": -sigmoid(lf) / b,
        "g_loss_nonsaturating": -sigmoid(-lf) / b,
    }
    for name, want in expected.items():
        out = student.remote(support.input_grads, student.get(name), lf)
        assert isinstance(out, tuple | list) and len(out) == 2, "support.input_grads returned something unexpected"
        value, grads = out
        check_scalar(value, F64, name)
        assert grads[0] is not None, (
            f"{name} does not back-propagate to the logits: its value does not depend on them through autograd"
        )
        g = check_tensor(grads[0], tuple(lf.shape), F64, f"the gradient of {name} with respect to the logits")
        check_finite(g, f"the gradient of {name} at logits {x.tolist()}")
        got = g.reshape(-1).numpy()
        err = np.abs(got - want)
        tol = (1e-8 + 1e-9 * np.abs(want * b)) / b  # F.softplus is the identity above 20: 2e-9 off
        bad = int(np.argmax(err - tol))
        assert (err <= tol).all(), (
            f"d {name} / d l at l = {x[bad]:.6g} (B = {b}) is {got[bad]:.6g}; it should be {want[bad]:.6g}"
        )
    # the limits, spelled out
    saturated = torch.tensor([-30.0, -1000.0], dtype=F64)
    for name, limit in (("g_loss_minimax", 0.0), ("g_loss_nonsaturating", -0.5)):
        _, grads = student.remote(support.input_grads, student.get(name), saturated)
        g = check_tensor(grads[0], (2,), F64, f"the gradient of {name}")
        assert (g - limit).abs().max() <= 1e-12, (
            f"for fakes rejected with logits -30 and -1000 (B = 2), d {name} / d l is {g.tolist()}; "
            f"the limit as l -> -inf is {limit} per sample"
        )
