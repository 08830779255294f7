"""Hidden tests run on every graded function: inputs untouched, float32/float64, no global RNG,
and batch size equal to the feature dimension."""

import torch
from ddpmcheck import F64, expect_tensor, f32_ok, max_err, randn, schedule
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points

F32 = torch.float32


def _calls(impl, support, dtype, b=4, d=3, seed=0):
    """(name, args) for every graded function on one batch, the models built where `impl` lives."""
    betas, alpha_bar = schedule("linear", 1000)
    x0, x_t = randn((b, d), seed, dtype, 2.0), randn((b, d), seed + 1, dtype, 2.0)
    eps, z = randn((b, d), seed + 2, dtype), randn((b, d), seed + 3, dtype)
    t = torch.tensor([1, 2, 500, 1000, 37, 999][:b], dtype=torch.long)
    model = impl.remote(support.EpsMLP, alpha_bar, d, seed=seed, dtype=str(dtype).replace("torch.", ""))
    return [
        ("alpha_bar_from_betas", (betas.to(dtype),)),
        ("q_sample", (x0, t, eps, alpha_bar)),
        ("predict_x0_from_eps", (x_t, t, eps, alpha_bar)),
        ("q_posterior", (x0, x_t, t, betas, alpha_bar)),
        ("ddpm_loss", (model, x0, t, eps, alpha_bar)),
        ("ddpm_step", (model, x_t, 700, z, betas, alpha_bar, "beta")),
        ("ddpm_step", (model, x_t, 2, z, betas, alpha_bar, "posterior")),
        ("ddim_step", (model, x_t, 700, 640, z, alpha_bar, 0.5)),
        ("ddim_step", (model, x_t, 20, 0, z, alpha_bar, 1.0)),
    ]


def _tensors(out):
    return list(out) if isinstance(out, tuple | list) else [out]


@points(2)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_inputs_untouched(student, reference, support, dtype, seed):
    """No graded function modifies its inputs in place (x0, x_t, t, eps, z, betas, alpha_bar all unchanged),
    and each returns its right values on those inputs."""
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, dtype, seed=seed), _calls(reference, support, F64, seed=seed), strict=True
    ):
        out, after = student.remote(testmodels.call_keeping_inputs, student.get(name), *args)
        for i, (before, now) in enumerate(zip(args, after, strict=True)):
            if isinstance(before, torch.Tensor):
                assert now is not None and torch.equal(now, before), f"{name} modified its argument #{i + 1} in place"
        _check_values(name, out, getattr(reference, name)(*ref_args), dtype)


def _check_values(name, out, ref_out, dtype):
    """``out`` (from inputs of ``dtype``) has the reference's values (computed in float64)."""
    got, want = _tensors(out), _tensors(ref_out)
    assert len(got) == len(want), f"{name} returned {len(got)} values, expected {len(want)}"
    for g, w in zip(got, want, strict=True):
        g = expect_tensor(g, w.shape, dtype, name)
        if dtype == F64:
            assert torch.allclose(g, w, rtol=1e-9, atol=1e-12), f"{name}: off by {max_err(g, w):.3g}"
        else:
            assert f32_ok(g, w), f"{name} in float32 is off by {max_err(g, w):.3g} from the float64 result"


@points(2)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_float32_and_float64(student, reference, support, dtype, seed):
    """Every graded function returns the dtype of its data (float32 or float64; the schedules stay float64) with
    the right values: float32 results agree with a float64 computation to float32 accuracy."""
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, dtype, seed=seed), _calls(reference, support, F64, seed=seed), strict=True
    ):
        got = _tensors(getattr(student, name)(*args))
        want = _tensors(getattr(reference, name)(*ref_args))
        assert len(got) == len(want), f"{name} returned {len(got)} values, expected {len(want)}"
        for g, w in zip(got, want, strict=True):
            g = expect_tensor(g, w.shape, dtype, f"{name} on {str(dtype).replace('torch.', '')} inputs")
            if dtype == F64:
                assert torch.allclose(g, w, rtol=1e-9, atol=1e-12), f"{name}: off by {max_err(g, w):.3g}"
            else:
                assert f32_ok(g, w), f"{name} in float32 is off by {max_err(g, w):.3g} from the float64 result"


@points(2)
def test_no_global_rng_when_noise_is_passed(student, reference, support):
    """Functions that receive their noise (eps, z) give the same, right result whatever the global random state."""
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, F64, seed=3), _calls(reference, support, F64, seed=3), strict=True
    ):
        student.remote(testmodels.reseed_global, 1)
        a = _tensors(getattr(student, name)(*args))
        student.remote(testmodels.reseed_global, 2)
        b = _tensors(getattr(student, name)(*args))
        for u, v in zip(a, b, strict=True):
            assert isinstance(u, torch.Tensor) and torch.equal(u, v), f"{name}: the result changes with the global random state"
        _check_values(name, a, getattr(reference, name)(*ref_args), F64)


@points(2)
@given(bd=st.sampled_from([(4, 4), (3, 3), (3, 5), (5, 2)]), seed=st.integers(0, 1000))
@settings(max_examples=8)
def test_batch_equals_feature_dim(student, reference, support, bd, seed):
    """Per-sample coefficients broadcast over the batch axis, not the feature axis: right values when the batch
    size equals the feature dimension (B == D) and when it does not."""
    b, d = bd
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, F64, b, d, seed), _calls(reference, support, F64, b, d, seed), strict=True
    ):
        got = _tensors(getattr(student, name)(*args))
        want = _tensors(getattr(reference, name)(*ref_args))
        for g, w in zip(got, want, strict=True):
            g = expect_tensor(g, w.shape, F64, f"{name} with B = {b}, D = {d}")
            assert torch.allclose(g, w, rtol=1e-9, atol=1e-12), f"{name} with B = {b}, D = {d}: off by {max_err(g, w):.3g}"
