"""Hidden tests of HW01: decoder log-likelihoods and the stable log-mean-exp."""

import math

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.special import logsumexp
from vaecheck import F32, F64, check_finite, check_tensor, f32_ok, log_normal, max_err, randn

from autograder.testing import points, visibility


@st.composite
def data_shapes(draw):
    """(B, D) with B == D, (B, D) with B != D, or an image batch (B, C, H, W)."""
    layout = draw(st.sampled_from(["square", "rect", "image"]))
    b = draw(st.integers(1, 6))
    if layout == "square":
        return (b, b)
    if layout == "rect":
        return (b, draw(st.integers(1, 6).filter(lambda d: d != b)))
    return (b, draw(st.integers(1, 3)), draw(st.integers(1, 4)), draw(st.integers(1, 4)))


@points(5)
@visibility("hidden")
@given(shape=data_shapes(), kind=st.sampled_from(["default", "float", "tensor", "broadcast"]),
       value=st.floats(-2.0, 2.0), seed=st.integers(0, 10_000))
@example(shape=(3, 3), kind="float", value=1.0, seed=0)
@example(shape=(2, 3, 4, 4), kind="broadcast", value=0.0, seed=1)
@example(shape=(4, 2), kind="tensor", value=0.0, seed=2)
@settings(max_examples=25)
def test_gaussian_log_likelihood_matches_normal(student, shape, kind, value, seed):
    """gaussian_log_likelihood(x, mean, logvar) is Σ over every non-batch axis of Normal(mean, exp(logvar / 2)).log_prob(x), shape (B,), constants included; logvar may be omitted (0), a Python float, a tensor of the shape of x, or a tensor broadcast along the last axis (float64, 1e-10 relative)."""
    b = shape[0]
    x, mean = randn(shape, seed, scale=2.0), randn(shape, seed + 1, scale=2.0)
    if kind == "default":
        logvar, got = 0.0, student.gaussian_log_likelihood(x, mean)
    elif kind == "float":
        logvar = float(value)
        got = student.gaussian_log_likelihood(x, mean, logvar)
    elif kind == "tensor":
        logvar = randn(shape, seed + 2)
        got = student.gaussian_log_likelihood(x, mean, logvar)
    else:
        logvar = randn(shape[-1:], seed + 3)
        got = student.gaussian_log_likelihood(x, mean, logvar)
    what = f"gaussian_log_likelihood on x of shape {shape} ({kind} logvar)"
    got = check_tensor(got, (b,), F64, what)
    want = log_normal(x, mean, logvar)
    err = max_err(got, want)
    assert err <= 1e-10 * (1 + float(want.abs().max())), (
        f"{what} is {got.tolist()}; the sum over the {int(np.prod(shape[1:]))} coordinates of one data point of "
        f"log N(x; mean, exp(logvar)) is {want.tolist()}"
    )


@points(3)
@visibility("hidden")
@given(shape=data_shapes(), binary=st.booleans(), seed=st.integers(0, 10_000))
@example(shape=(3, 3), binary=True, seed=0)
@example(shape=(2, 1, 3, 4), binary=False, seed=1)
@settings(max_examples=20)
def test_bernoulli_log_likelihood_matches_bce(student, shape, binary, seed):
    """bernoulli_log_likelihood(x, logits) = −BCEWithLogits(logits, x) summed over every non-batch axis, shape (B,), for binary x and for x in [0, 1] (float64, 1e-8 absolute per coordinate)."""
    b = shape[0]
    gen = torch.Generator().manual_seed(seed)
    u = torch.rand(shape, generator=gen, dtype=F64)
    x = (u > 0.5).to(F64) if binary else u
    logits = randn(shape, seed + 1, scale=3.0)
    got = check_tensor(student.bernoulli_log_likelihood(x, logits), (b,), F64, f"bernoulli_log_likelihood on {shape}")
    want = -F.binary_cross_entropy_with_logits(logits, x, reduction="none").reshape(b, -1).sum(1)
    err = max_err(got, want)
    n = int(np.prod(shape[1:]))
    assert err <= 1e-8 * n + 1e-12 * float(want.abs().max()), (
        f"bernoulli_log_likelihood on {shape} is {got.tolist()}; Σ over the {n} coordinates of "
        f"x log σ(l) + (1 − x) log(1 − σ(l)) is {want.tolist()}"
    )


@points(3)
@visibility("hidden")
@given(dtype=st.sampled_from([F32, F64]), big=st.sampled_from([30.0, 100.0]))
@settings(max_examples=4)
def test_bernoulli_log_likelihood_extreme_logits(student, dtype, big):
    """bernoulli_log_likelihood stays finite and exact for confident logits ±100 (also in float32): a pixel 0 predicted with logit +100 has log-likelihood −100, not −inf."""
    x = torch.tensor([[1.0, 0.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0], [1.0, 1.0, 0.0, 0.0]], dtype=dtype)
    logits = big * torch.tensor([[1.0, 1.0, -1.0, -1.0], [1.0, -1.0, 1.0, -1.0], [-1.0, 1.0, -1.0, 1.0]], dtype=dtype)
    got = check_tensor(student.bernoulli_log_likelihood(x, logits), (3,), dtype, f"bernoulli_log_likelihood (logits ±{big:g})")
    check_finite(got, f"bernoulli_log_likelihood with logits ±{big:g}")
    want = -F.binary_cross_entropy_with_logits(logits.to(F64), x.to(F64), reduction="none").sum(1)
    assert f32_ok(got, want) if dtype == F32 else close64(got, want), (
        f"with logits ±{big:g}, bernoulli_log_likelihood is {got.tolist()}; expected {want.tolist()}"
    )


def close64(got, want):
    return max_err(got, want) <= 1e-10 * (1 + float(want.abs().max()))


@st.composite
def lme_case(draw):
    ndim = draw(st.integers(1, 3))
    shape = tuple(draw(st.integers(1, 5)) for _ in range(ndim))
    dim = draw(st.integers(-ndim, ndim - 1))
    return shape, dim


@points(3)
@visibility("hidden")
@given(case=lme_case(), seed=st.integers(0, 10_000))
@example(case=((4, 4), 0), seed=0)
@example(case=((3, 2, 5), -1), seed=1)
@example(case=((1, 3), 0), seed=2)
@example(case=((2, 1, 3), 0), seed=3)
@settings(max_examples=25)
def test_log_mean_exp_value(student, case, seed):
    """log_mean_exp(a, dim) = log((1/n) Σ exp(a)) along dim (n = a.shape[dim]), with that axis removed (no keepdim) and every other axis kept, even one of size 1, for any axis including negative ones (float64, 1e-12 relative)."""
    shape, dim = case
    a = randn(shape, seed, scale=3.0)
    want_shape = tuple(s for i, s in enumerate(shape) if i != dim % len(shape))
    got = check_tensor(student.log_mean_exp(a, dim), want_shape, F64, f"log_mean_exp(a of shape {shape}, dim={dim})")
    want = torch.tensor(logsumexp(a.numpy(), axis=dim) - math.log(shape[dim]), dtype=F64).reshape(want_shape)
    err = max_err(got, want)
    assert err <= 1e-12 * (1 + float(want.abs().max())), (
        f"log_mean_exp(a of shape {shape}, dim={dim}) is off by {err:.3g} from log((1/n) Σ exp(a))"
    )


@points(3)
@visibility("hidden")
@given(dtype=st.sampled_from([F32, F64]))
@settings(max_examples=2)
def test_log_mean_exp_stable(student, dtype):
    """log_mean_exp is finite and exact for entries of size ±1000 (exp overflows to inf or underflows to 0 there; a log-sum-exp does not), in float32 and float64."""
    a = torch.tensor(
        [[1000.0, 1000.0, 999.0], [-1000.0, -1001.0, -1002.0], [-1000.0, 0.0, 1000.0], [-1e4, -1e4, -1e4]],
        dtype=dtype,
    )
    got = check_tensor(student.log_mean_exp(a, 1), (4,), dtype, "log_mean_exp(a, 1)")
    check_finite(got, "log_mean_exp with entries of size 1000")
    want = torch.tensor(logsumexp(a.to(F64).numpy(), axis=1) - math.log(3), dtype=F64)
    assert f32_ok(got, want) if dtype == F32 else close64(got, want), (
        f"log_mean_exp of rows of size ±1000 is {got.tolist()}; expected {want.tolist()}"
    )
    got = check_tensor(student.log_mean_exp(a.T, 0), (4,), dtype, "log_mean_exp(a.T, 0)")
    assert f32_ok(got, want) if dtype == F32 else close64(got, want), (
        f"log_mean_exp over dim 0 of the transposed array is {got.tolist()}; expected {want.tolist()}"
    )
