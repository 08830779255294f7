"""Hidden tests of HW02: the discriminator loss, its stability, and the JSD identity."""

import math

import numpy as np
import torch
from gancheck import (
    F32,
    F64,
    LOG2,
    check_finite,
    check_scalar,
    check_tensor,
    d_loss,
    extreme_logit_values,
    g_minimax,
    g_nonsat,
    jsd_gaussians,
    logit_batches,
    optimal_logit,
    quantile_points,
    shaped,
    sigmoid,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


@points(3)
@visibility("hidden")
def test_d_loss_zero_logits(student):
    """A discriminator that outputs D = 1/2 everywhere (all logits 0) has loss 2 log 2, for logits of shape (B,) or (B, 1), real and fake batches of different sizes, in float32 and float64."""
    for dtype in (F64, F32):
        for br, bf, col_r, col_f in [(4, 4, False, False), (5, 3, True, False), (1, 7, False, True), (6, 2, True, True)]:
            lr = torch.zeros((br, 1) if col_r else (br,), dtype=dtype)
            lf = torch.zeros((bf, 1) if col_f else (bf,), dtype=dtype)
            got = check_scalar(student.d_loss_bce(lr, lf), dtype, f"d_loss_bce on {dtype} logits")
            tol = 1e-14 if dtype == F64 else 1e-6
            assert abs(float(got) - 2 * LOG2) <= tol, (
                f"with all logits 0 (real batch {tuple(lr.shape)}, fake batch {tuple(lf.shape)}) d_loss_bce is "
                f"{float(got):.10g}; the loss of D = 1/2 is 2 log 2 = {2 * LOG2:.10g}"
            )


@points(4)
@visibility("hidden")
@given(real=logit_batches(), fake=logit_batches())
@example(real=([2.0, -1.0, 0.5], False), fake=([1.5, -3.0, 0.0], True))
@example(real=([3.0], True), fake=([-2.0, 4.0, 1.0, 0.0, 1.0], False))
@settings(max_examples=30)
def test_d_loss_value(student, real, fake):
    """d_loss_bce = mean_i softplus(-l_r,i) + mean_j softplus(l_f,j): binary cross-entropy with target 1 on the real logits and 0 on the fake ones, each batch averaged separately (float64, 1e-12 relative)."""
    lr, lf = shaped(*real), shaped(*fake)
    got = check_scalar(student.d_loss_bce(lr, lf), F64, "d_loss_bce")
    want = d_loss(lr, lf)
    assert abs(float(got) - want) <= 1e-12 * (1 + abs(want)), (
        f"d_loss_bce(real {lr.reshape(-1).tolist()}, fake {lf.reshape(-1).tolist()}) is {float(got):.12g}; "
        f"the cross-entropy (target 1 on real, 0 on fake, each batch averaged) is {want:.12g}"
    )


@points(5)
@visibility("hidden")
@given(real=logit_batches(extreme_logit_values), fake=logit_batches(extreme_logit_values))
@example(real=([-1000.0, 1000.0], False), fake=([1000.0, -1000.0], True))
@settings(max_examples=20)
def test_losses_extreme_logits(student, real, fake):
    """The three logit losses stay finite and exact for logits up to ±1000 (a confidently wrong logit l costs about |l|): d_loss_bce(-1000, 1000) = 2000, g_loss_nonsaturating(-1000) = 1000, g_loss_minimax(1000) = -1000 (float64, 1e-8)."""
    lr, lf = shaped(*real), shaped(*fake)
    for name, args, want in (
        ("d_loss_bce", (lr, lf), d_loss(lr, lf)),
        ("g_loss_nonsaturating", (lf,), g_nonsat(lf)),
        ("g_loss_minimax", (lf,), g_minimax(lf)),
    ):
        got = check_scalar(getattr(student, name)(*args), F64, name)
        shown = ", ".join(f"{a.reshape(-1).tolist()}" for a in args)
        check_finite(got, f"{name}({shown})")
        # 1e-8 absolute: F.softplus switches to the identity above 20, an error below 2.1e-9
        assert abs(float(got) - want) <= 1e-8 + 1e-12 * abs(want), (
            f"{name}({shown}) is {float(got):.12g}; the exact value is {want:.12g}"
        )


JSD_CASES = [
    (0.0, 1.0, 0.0, 1.0),  # identical: JSD = 0, loss = 2 log 2
    (0.0, 1.0, 1.0, 1.0),
    (0.0, 1.0, 2.0, 0.5),
    (-1.0, 2.0, 1.0, 0.7),
    (0.0, 1.0, 0.0, 0.2),  # same mean, different spreads
    (0.0, 0.5, 200.0, 0.5),  # disjoint: JSD = log 2, loss = 0, optimal logits about ±1.6e5
]


@points(6)
@visibility("hidden")
def test_d_loss_optimal_discriminator_jsd(student):
    """With the optimal discriminator of two 1-D Gaussians, d_loss_bce = 2 log 2 - 2 JSD(p_r || p_g) (JSD by quadrature; 20 000 quantile points per distribution, 2e-4), including disjoint Gaussians whose optimal logits reach ±1.6e5; both with the exact optimal logits and with optimal_d_logit."""
    n = 20_000
    for case in JSD_CASES:
        mu_r, s_r, mu_g, s_g = case
        want = 2 * LOG2 - 2 * jsd_gaussians(*case)
        xr, xg = quantile_points(mu_r, s_r, n), quantile_points(mu_g, s_g, n)
        lr, lf = optimal_logit(xr, *case), optimal_logit(xg, *case)
        got = check_scalar(student.d_loss_bce(lr, lf), F64, "d_loss_bce")
        check_finite(got, f"d_loss_bce at the optimal discriminator of N({mu_r}, {s_r}²) vs N({mu_g}, {s_g}²)")
        assert abs(float(got) - want) <= 2e-4, (
            f"d_loss_bce with the exact optimal logits of p_r = N({mu_r}, {s_r}²), p_g = N({mu_g}, {s_g}²) is "
            f"{float(got):.6f}; 2 log 2 - 2 JSD = {want:.6f}"
        )
        lr_s = student.optimal_d_logit(xr, mu_r, s_r, mu_g, s_g)
        lf_s = student.optimal_d_logit(xg, mu_r, s_r, mu_g, s_g)
        for t, what in ((lr_s, "on real samples"), (lf_s, "on fake samples")):
            assert isinstance(t, torch.Tensor) and tuple(t.shape) == (n,) and t.dtype == F64, (
                f"optimal_d_logit {what} should return a float64 tensor of shape ({n},)"
            )
        got = check_scalar(student.d_loss_bce(lr_s, lf_s), F64, "d_loss_bce")
        check_finite(got, f"d_loss_bce of optimal_d_logit for N({mu_r}, {s_r}²) vs N({mu_g}, {s_g}²)")
        assert abs(float(got) - want) <= 2e-4, (
            f"d_loss_bce(optimal_d_logit(...)) for p_r = N({mu_r}, {s_r}²), p_g = N({mu_g}, {s_g}²) is "
            f"{float(got):.6f}; 2 log 2 - 2 JSD = {want:.6f}"
        )
        assert math.isfinite(want)


@points(2)
@visibility("hidden")
@given(real=logit_batches(), fake=logit_batches(), shift=st.floats(0.5, 3.0))
@settings(max_examples=10)
def test_d_loss_monotone(student, real, fake, shift):
    """d_loss_bce decreases when the discriminator becomes more confident and right: raising every real logit and lowering every fake logit lowers the loss."""
    lr, lf = shaped(*real), shaped(*fake)
    base = float(check_scalar(student.d_loss_bce(lr, lf), F64, "d_loss_bce"))
    better = float(check_scalar(student.d_loss_bce(lr + shift, lf - shift), F64, "d_loss_bce"))
    assert better < base, (
        f"raising the real logits and lowering the fake logits by {shift:.3g} changed d_loss_bce from "
        f"{base:.8g} to {better:.8g}; a more accurate discriminator should have a lower loss"
    )


@points(3)
@visibility("hidden")
@given(real=logit_batches(extreme_logit_values), fake=logit_batches(extreme_logit_values))
@example(real=([-1000.0, 1000.0, 0.0], False), fake=([1000.0, -1000.0], True))
@example(real=([38.0], True), fake=([-38.0, 200.0, -200.0, 1.5], False))
@settings(max_examples=20)
def test_d_loss_gradients(student, support, real, fake):
    """Through autograd, d d_loss_bce / d l_r,i = -sigmoid(-l_r,i) / B_r and d d_loss_bce / d l_f,j = sigmoid(l_f,j) / B_f (each batch averaged separately), finite and exact for logits up to ±1000: the discriminator still learns from its confident mistakes (float64, 1e-8 / B)."""
    lr, lf = shaped(*real), shaped(*fake)
    out = student.remote(support.input_grads, student.get("d_loss_bce"), lr, lf)
    assert isinstance(out, tuple | list) and len(out) == 2, "support.input_grads returned something unexpected"
    value, grads = out
    check_scalar(value, F64, "d_loss_bce")
    expected = (
        ("real", lr, -sigmoid(-lr) / lr.shape[0], "-sigmoid(-l) / B_r"),
        ("fake", lf, sigmoid(lf) / lf.shape[0], "sigmoid(l) / B_f"),
    )
    for (which, logits, want, formula), g in zip(expected, grads, strict=True):
        b = logits.shape[0]
        x = logits.reshape(-1).numpy()
        assert g is not None, (
            f"d_loss_bce does not back-propagate to the {which} logits: its value does not depend on them "
            "through autograd"
        )
        g = check_tensor(g, tuple(logits.shape), F64, f"the gradient of d_loss_bce with respect to the {which} logits")
        check_finite(g, f"the gradient of d_loss_bce with respect to the {which} logits {x.tolist()}")
        got = g.reshape(-1).numpy()
        err = np.abs(got - want)
        tol = (1e-8 + 1e-9 * np.abs(want * b)) / b  # F.softplus is the identity above 20: 2e-9 off
        bad = int(np.argmax(err - tol))
        assert (err <= tol).all(), (
            f"d d_loss_bce / d l at the {which} logit l = {x[bad]:.6g} (B = {b}) is {got[bad]:.6g}; "
            f"it should be {formula} = {want[bad]:.6g}"
        )
