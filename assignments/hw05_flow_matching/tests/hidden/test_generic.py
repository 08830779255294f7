"""Hidden tests run on every graded function: inputs untouched, float32/float64, no global RNG,
and batch size equal to the feature dimension."""

import torch
from fmcheck import (
    F32,
    F64,
    check_tensor,
    f32_ok,
    max_err,
    pairing_cost,
    randn,
    time_field_params,
    times,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points

LINEAR = ([0.0, 1.0], [1.0, -1.0], [1.0], [-1.0])  # alpha_t = t, beta_t = 1 - t and derivatives
CURVED = ([0.0, 1.5, -0.5], [1.0, -0.5, -0.3], [1.5, -1.0], [-0.5, -0.6])


def _calls(impl, support, dtype, b=4, d=3, seed=0):
    """(name, args) for every graded function on one batch, the models built where `impl` lives."""
    x0, x1 = randn((b, d), seed, dtype), randn((b, d), seed + 1, dtype, 2.0)
    t = times(b, seed, 2, 0.0, 0.9, dtype)
    dname = str(dtype).replace("torch.", "")
    field = impl.remote(support.TimeField, *time_field_params(d, seed), dtype=dname)
    lin = [impl.remote(support.Polynomial, c) for c in LINEAR]
    cur = [impl.remote(support.Polynomial, c) for c in CURVED]
    data = randn((5, d), seed + 2, dtype, 2.0)
    return [
        ("sample_path", (x0, x1, t)),
        ("target_velocity", (x0, x1)),
        ("cfm_loss", (field, x0, x1, t)),
        ("euler_sample", (field, x0, 5)),
        ("euler_sample", (field, x0, 3, True)),
        ("gaussian_path_velocity", (x0, x1, t, *lin)),
        ("gaussian_path_velocity", (x0, x1, t, *cur)),
        ("gaussian_path_score", (x0, x1, t, *cur[:2])),
        ("closed_form_velocity", (x0, 0.6, data)),
        ("closed_form_velocity", (x0, 0.0, data)),
        ("ot_pairing", (x0, x1)),
    ]


def _compare(name, got, want, args64, dtype, what):
    """``got`` (from inputs in ``dtype``) against ``want`` (the reference on the float64 inputs)."""
    if name == "ot_pairing":  # permutations may differ on ties: compare their costs
        got = check_tensor(got, tuple(want.shape), torch.int64, what)
        c_got, c_want = pairing_cost(*args64, got), pairing_cost(*args64, want)
        assert (
            sorted(got.tolist()) == list(range(len(got))) and c_got <= c_want * (1 + 1e-5) + 1e-9
        ), f"{what}: the pairing costs {c_got:.6g}, the optimal one {c_want:.6g}"
        return
    got = check_tensor(got, tuple(want.shape), dtype, what)
    if dtype == F64:
        assert torch.allclose(got, want, rtol=1e-9, atol=1e-10), (
            f"{what}: off by {max_err(got, want):.3g}"
        )
    else:
        assert f32_ok(got, want), (
            f"{what} in float32 is off by {max_err(got, want):.3g} from the float64 result"
        )


@points(3)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_inputs_untouched(student, reference, support, dtype, seed):
    """No graded function modifies its inputs in place (x0, x1, t, x, z, data all unchanged after the call), and each returns the right values on them."""
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, dtype, seed=seed),
        _calls(reference, support, F64, seed=seed),
        strict=True,
    ):
        got, after = student.remote(testmodels.call_keeping_inputs, student.get(name), *args)
        assert isinstance(after, list) and len(after) == len(args)
        for i, (before, now) in enumerate(zip(args, after, strict=True)):
            if isinstance(before, torch.Tensor):
                assert isinstance(now, torch.Tensor) and torch.equal(now, before), (
                    f"{name} modified its argument #{i + 1} in place"
                )
        want = getattr(reference, name)(*ref_args)
        _compare(
            name, got, want, ref_args, dtype, f"{name} on {str(dtype).replace('torch.', '')} inputs"
        )


@points(3)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_float32_and_float64(student, reference, support, dtype, seed):
    """Every graded function returns the dtype of its inputs (float32 or float64; ot_pairing a LongTensor) with the right values: float32 results agree with a float64 computation to float32 accuracy."""
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, dtype, seed=seed),
        _calls(reference, support, F64, seed=seed),
        strict=True,
    ):
        got = getattr(student, name)(*args)
        want = getattr(reference, name)(*ref_args)
        _compare(
            name, got, want, ref_args, dtype, f"{name} on {str(dtype).replace('torch.', '')} inputs"
        )


@points(2)
def test_no_global_rng(student, reference, support):
    """Graded functions are given their randomness (x0, t): they give the same, right result whatever the global random state."""
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, F64, seed=3), _calls(reference, support, F64, seed=3), strict=True
    ):
        student.remote(testmodels.reseed_global, 1)
        a = getattr(student, name)(*args)
        student.remote(testmodels.reseed_global, 2)
        b = getattr(student, name)(*args)
        assert isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and torch.equal(a, b), (
            f"{name}: the result changes with the global random state"
        )
        _compare(name, a, getattr(reference, name)(*ref_args), ref_args, F64, name)


@points(2)
@given(bd=st.sampled_from([(4, 4), (3, 3), (2, 2), (3, 5), (5, 2)]), seed=st.integers(0, 1000))
@settings(max_examples=8)
def test_batch_equals_feature_dim(student, reference, support, bd, seed):
    """Per-sample times broadcast over the batch axis, not the feature axis: right values when the batch size equals the feature dimension (B == D) and when it does not."""
    b, d = bd
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, F64, b, d, seed),
        _calls(reference, support, F64, b, d, seed),
        strict=True,
    ):
        got = getattr(student, name)(*args)
        want = getattr(reference, name)(*ref_args)
        _compare(name, got, want, ref_args, F64, f"{name} with B = {b}, D = {d}")
