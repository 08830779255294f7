"""Hidden tests run on every graded function: inputs untouched, float32/float64, batch size equal to a feature size."""

import numpy as np
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from ssmcheck import (
    F32,
    F64,
    expect_tensor,
    max_err,
    rng,
    stable_dense,
    stable_diag,
    system,
    t64,
)

from autograder import testmodels
from autograder.testing import points


def _calls(dtype, b=2, l=5, d=3, n=4, seed=0):
    r = rng(seed)
    Ab, Bb, C = system(n, seed)
    sel = (r.normal(size=(b, l, d)), np.log1p(np.exp(r.normal(size=(b, l, d)))), -np.exp(r.normal(size=(d, n)) * 0.5),
           r.normal(size=(b, l, n)), r.normal(size=(b, l, n)), r.normal(size=d))
    T = lambda v: t64(v).to(dtype)  # noqa: E731
    return [
        ("discretize_zoh", (T(stable_diag(n, seed)), T(r.normal(size=n)), 0.3)),
        ("discretize_bilinear", (T(stable_dense(n, seed)), T(r.normal(size=n)), 0.3)),
        ("ssm_scan", (T(Ab), T(Bb), T(C), T(r.normal(size=l)), T(r.normal(size=n)))),
        ("ssm_kernel", (T(Ab), T(Bb), T(C), l)),
        ("causal_conv_fft", (T(r.normal(size=l)), T(r.normal(size=l)))),
        ("selective_scan", tuple(T(v) for v in sel)),
        ("parallel_scan", (T(r.uniform(-1, 1, size=(l, d))), T(r.normal(size=(l, d))))),
        ("selective_scan_chunked", (*(T(v) for v in sel), 2)),
    ]


def _tensors(out):
    return list(out) if isinstance(out, tuple | list) else [out]


def _check(name, out, want, dtype, what=""):
    got, want = _tensors(out), _tensors(want)
    assert len(got) == len(want), f"{name} returned {len(got)} values, expected {len(want)}"
    for g, w in zip(got, want, strict=True):
        g = expect_tensor(g, w.shape, dtype, f"{name}{what}")
        if dtype == F64:
            assert torch.allclose(g, w, rtol=1e-9, atol=1e-10), f"{name}{what}: off by {max_err(g, w):.3g}"
        else:
            scale = max(1.0, float(w.abs().max()))
            assert float((g.to(F64) - w.to(F64)).abs().max()) <= 1e-4 * scale, (
                f"{name} in float32 is off by {max_err(g, w):.3g} from the float64 result"
            )


@points(3)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_inputs_untouched(student, reference, dtype, seed):
    """No graded function modifies its inputs in place, and each returns its right values on those inputs."""
    for (name, args), (_, ref_args) in zip(_calls(dtype, seed=seed), _calls(F64, seed=seed), strict=True):
        out, after = student.remote(testmodels.call_keeping_inputs, student.get(name), *args)
        for i, (before, now) in enumerate(zip(args, after, strict=True)):
            if isinstance(before, torch.Tensor):
                assert now is not None and torch.equal(now, before), f"{name} modified its argument #{i + 1} in place"
        _check(name, out, getattr(reference, name)(*ref_args), dtype)


@points(3)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_float32_and_float64(student, reference, dtype, seed):
    """Every graded function returns the dtype of its inputs (float32 or float64) with the right values (float32 to
    float32 accuracy)."""
    for (name, args), (_, ref_args) in zip(_calls(dtype, seed=seed), _calls(F64, seed=seed), strict=True):
        _check(name, getattr(student, name)(*args), getattr(reference, name)(*ref_args), dtype,
               f" on {str(dtype).replace('torch.', '')} inputs")


@points(3)
@given(sizes=st.sampled_from([(3, 4, 3, 3), (2, 3, 2, 5), (4, 2, 4, 4), (1, 6, 2, 2), (3, 1, 3, 1)]), seed=st.integers(0, 1000))
@settings(max_examples=10)
def test_equal_sizes(student, reference, sizes, seed):
    """Right values when sizes coincide (batch b == channels d, channels d == state n, n == L, ...), where summing over the
    wrong axis goes unnoticed by shapes alone."""
    b, l, d, n = sizes
    for (name, args), (_, ref_args) in zip(_calls(F64, b, l, d, n, seed), _calls(F64, b, l, d, n, seed), strict=True):
        _check(name, getattr(student, name)(*args), getattr(reference, name)(*ref_args), F64, f" with b, l, d, n = {sizes}")
