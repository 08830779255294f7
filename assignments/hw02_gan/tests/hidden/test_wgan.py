"""Hidden tests of HW02: the WGAN critic and generator losses."""

from gancheck import (
    F64,
    check_scalar,
    logit_batches,
    shaped,
    wgan_critic,
    wgan_gen,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility


@points(5)
@visibility("hidden")
@given(real=logit_batches(), fake=logit_batches())
@example(real=([1.0, 2.0, 3.0], False), fake=([0.0, -1.0], True))
@example(real=([0.5], True), fake=([2.0, 2.0, -1.0, 4.0], False))
@settings(max_examples=30)
def test_wgan_losses_value(student, support, real, fake):
    """wgan_critic_loss = mean(s_fake) - mean(s_real) (the negated estimate of W1, each batch averaged separately, batches of different sizes) and wgan_generator_loss = -mean(s_fake); the critic loss's gradients are +1/B_f on fake scores and -1/B_r on real scores, the generator loss's gradient is -1/B_f on every fake score (float64, 1e-12)."""
    sr, sf = shaped(*real), shaped(*fake)
    got = check_scalar(student.wgan_critic_loss(sr, sf), F64, "wgan_critic_loss")
    want = wgan_critic(sr, sf)
    assert abs(float(got) - want) <= 1e-12 * (1 + abs(want)), (
        f"wgan_critic_loss(s_real = {sr.reshape(-1).tolist()}, s_fake = {sf.reshape(-1).tolist()}) is "
        f"{float(got):.12g}; mean(s_fake) - mean(s_real) is {want:.12g}"
    )
    got = check_scalar(student.wgan_generator_loss(sf), F64, "wgan_generator_loss")
    want = wgan_gen(sf)
    assert abs(float(got) - want) <= 1e-12 * (1 + abs(want)), (
        f"wgan_generator_loss(s_fake = {sf.reshape(-1).tolist()}) is {float(got):.12g}; -mean(s_fake) is {want:.12g}"
    )
    _, (g_r, g_f) = student.remote(support.input_grads, student.get("wgan_critic_loss"), sr, sf)
    assert g_r is not None and g_f is not None, "wgan_critic_loss does not back-propagate to the scores"
    br, bf = sr.shape[0], sf.shape[0]
    assert tuple(g_r.shape) == tuple(sr.shape) and float((g_r + 1 / br).abs().max()) <= 1e-12, (
        f"d wgan_critic_loss / d s_real should be -1/B_r = {-1 / br:.6g} for every real score; got {g_r.reshape(-1).tolist()}"
    )
    assert tuple(g_f.shape) == tuple(sf.shape) and float((g_f - 1 / bf).abs().max()) <= 1e-12, (
        f"d wgan_critic_loss / d s_fake should be 1/B_f = {1 / bf:.6g} for every fake score; got {g_f.reshape(-1).tolist()}"
    )
    _, (g_g,) = student.remote(support.input_grads, student.get("wgan_generator_loss"), sf)
    assert g_g is not None, (
        "wgan_generator_loss does not back-propagate to the fake scores: the generator would receive no gradient"
    )
    assert tuple(g_g.shape) == tuple(sf.shape) and float((g_g + 1 / bf).abs().max()) <= 1e-12, (
        f"d wgan_generator_loss / d s_fake should be -1/B_f = {-1 / bf:.6g} for every fake score; "
        f"got {g_g.reshape(-1).tolist()}"
    )


@points(3)
@visibility("hidden")
@given(real=logit_batches(), fake=logit_batches(), shift=st.floats(-100.0, 100.0))
@example(real=([1.0, -2.0, 0.5], False), fake=([3.0, 0.0], True), shift=7.0)
@settings(max_examples=25)
def test_wgan_critic_loss_antisymmetric_and_shift_invariant(student, real, fake, shift):
    """wgan_critic_loss(s_real, s_fake) = -wgan_critic_loss(s_fake, s_real), and adding the same constant to every score leaves the critic loss unchanged, and its value is mean(s_fake) - mean(s_real) (float64, 1e-10)."""
    sr, sf = shaped(*real), shaped(*fake)
    a = float(check_scalar(student.wgan_critic_loss(sr, sf), F64, "wgan_critic_loss"))
    want = wgan_critic(sr, sf)
    assert abs(a - want) <= 1e-10 * (1 + abs(want)), (
        f"wgan_critic_loss(s_real = {sr.reshape(-1).tolist()}, s_fake = {sf.reshape(-1).tolist()}) is {a:.10g}; "
        f"mean(s_fake) - mean(s_real) is {want:.10g}"
    )
    b = float(check_scalar(student.wgan_critic_loss(sf, sr), F64, "wgan_critic_loss"))
    assert abs(a + b) <= 1e-10 * (1 + abs(a)), (
        f"wgan_critic_loss(s_real, s_fake) = {a:.10g} but wgan_critic_loss(s_fake, s_real) = {b:.10g}: the loss "
        "should flip its sign when real and fake swap roles"
    )
    c = float(check_scalar(student.wgan_critic_loss(sr + shift, sf + shift), F64, "wgan_critic_loss"))
    assert abs(c - a) <= 1e-10 * (1 + abs(shift)), (
        f"adding {shift:.4g} to every score changed wgan_critic_loss from {a:.10g} to {c:.10g}; a critic's scores have "
        "no natural zero, so the loss should not change"
    )
