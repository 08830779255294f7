"""Hidden tests run on every graded function: inputs untouched, float32/float64, no global RNG,
and batch size equal to the feature dimension."""

import torch
from gancheck import (
    F32,
    F64,
    check_tensor,
    d_loss,
    f32_ok,
    g_minimax,
    g_nonsat,
    gp_from_input_grads,
    gp_local,
    max_err,
    optimal_logit,
    rand,
    randn,
    wgan_critic,
    wgan_gen,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points

GAUSSIANS = (0.3, 1.2, -0.5, 0.7)


def _calls(impl, dtype, b=4, d=3, seed=0):
    """(name, args, expected float64 value) for every graded function that returns a tensor."""
    dname = str(dtype).replace("torch.", "")
    lr, lf = randn((b,), seed, scale=3.0), randn((b + 1, 1), seed + 1, scale=3.0)
    sr, sf = randn((b, 1), seed + 2, scale=2.0), randn((b + 2,), seed + 3, scale=2.0)
    real, fake = randn((b, d), seed + 4), randn((b, d), seed + 5, scale=1.5)
    alpha = rand((b,), seed)
    x = randn((b, d), seed + 6, scale=2.0)
    critic = impl.remote(testmodels.MLP, d, 1, hidden=5, seed=seed % 89, dtype=dname)
    local = testmodels.MLP(d, 1, hidden=5, seed=seed % 89)
    gp = gp_from_input_grads(gp_local(local, real.to(dtype).to(F64), fake.to(dtype).to(F64), alpha.to(dtype).to(F64)))
    c = [lr, lf, sr, sf, real, fake, alpha, x]
    lr, lf, sr, sf, real, fake, alpha, x = (t.to(dtype) for t in c)
    s = lambda v: torch.tensor(v, dtype=F64)  # noqa: E731
    return [
        ("d_loss_bce", (lr, lf), s(d_loss(lr, lf))),
        ("g_loss_nonsaturating", (lf,), s(g_nonsat(lf))),
        ("g_loss_minimax", (lf,), s(g_minimax(lf))),
        ("wgan_critic_loss", (sr, sf), s(wgan_critic(sr, sf))),
        ("wgan_generator_loss", (sf,), s(wgan_gen(sf))),
        ("gradient_penalty", (critic, real, fake, alpha), s(gp)),
        ("optimal_d_logit", (x, *GAUSSIANS), optimal_logit(x, *GAUSSIANS)),
    ]


def _compare(name, got, want, dtype, what):
    got = check_tensor(got, tuple(want.shape), dtype, what)
    if dtype == F64:
        assert torch.allclose(got, want, rtol=1e-9, atol=1e-10), f"{what}: off by {max_err(got, want):.3g}"
    else:
        assert f32_ok(got, want), f"{what} in float32 is off by {max_err(got, want):.3g} from the float64 result"


@points(2)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_inputs_untouched(student, dtype, seed):
    """No graded function modifies its inputs in place (logits, scores, real, fake, alpha, x all unchanged after the call), and each returns the right value."""
    dname = str(dtype).replace("torch.", "")
    for name, args, want in _calls(student, dtype, seed=seed):
        got, after = student.remote(testmodels.call_keeping_inputs, student.get(name), *args)
        assert isinstance(after, list) and len(after) == len(args)
        for i, (before, now) in enumerate(zip(args, after, strict=True)):
            if isinstance(before, torch.Tensor):
                assert isinstance(now, torch.Tensor) and torch.equal(now, before), (
                    f"{name} modified its argument #{i + 1} in place"
                )
        _compare(name, got, want, dtype, f"{name} on {dname} inputs")


@points(3)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_float32_and_float64(student, dtype, seed):
    """Every graded function returns the dtype of its inputs (float32 or float64) with the right values: float32 results agree with a float64 computation to float32 accuracy."""
    for name, args, want in _calls(student, dtype, seed=seed):
        got = getattr(student, name)(*args)
        _compare(name, got, want, dtype, f"{name} on {str(dtype).replace('torch.', '')} inputs")


@points(2)
def test_no_global_rng(student):
    """Graded functions are given their randomness (alpha): they give the same, right result whatever the global random state."""
    for name, args, want in _calls(student, F64, seed=3):
        student.remote(testmodels.reseed_global, 1)
        a = getattr(student, name)(*args)
        student.remote(testmodels.reseed_global, 2)
        b = getattr(student, name)(*args)
        assert isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and torch.equal(a, b), (
            f"{name}: the result changes with the global random state"
        )
        _compare(name, a, want, F64, f"{name} (global random state reseeded)")


@points(2)
@given(bd=st.sampled_from([(4, 4), (3, 3), (2, 2), (3, 5), (5, 2)]), seed=st.integers(0, 1000))
@settings(max_examples=8)
def test_batch_equals_feature_dim(student, bd, seed):
    """Per-sample quantities (alpha, logits, scores) broadcast over the batch axis, not the feature axis: right values when the batch size equals the feature dimension (B == D) and when it does not."""
    b, d = bd
    for name, args, want in _calls(student, F64, b, d, seed):
        got = getattr(student, name)(*args)
        _compare(name, got, want, F64, f"{name} with B = {b}, D = {d}")
