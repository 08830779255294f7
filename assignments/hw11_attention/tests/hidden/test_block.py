"""Hidden tests: feed-forward sub-layer, pre-norm Transformer block, and generic dtype/input checks."""

import torch
from attncheck import (
    F64,
    check_tensor,
    make_block,
    make_mhsa,
    maxdiff,
    mhsa_result,
    prepare,
    randn,
    tril,
    trusted_block,
    trusted_ff,
    trusted_mhsa,
    trusted_rope,
    weights,
)
from hypothesis import given
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points

FF_KEYS = ("linear_1.weight", "linear_2.weight")


@points(2)
@given(D=st.integers(1, 8), d_ff=st.integers(1, 12), batch=st.sampled_from([(3,), (2, 5), (8, 1)]), seed=st.integers(0, 2**16))
def test_feedforward_matches_formula(student, D, d_ff, batch, seed):
    """FeedForward(d_model, d_ff)(x) = linear_2(relu(linear_1(x))) with bias-free layers, on any leading axes."""
    ff = prepare(student, student.FeedForward(D, d_ff), D, seed)
    W = weights(ff, FF_KEYS, "FeedForward")
    assert tuple(W["linear_1.weight"].shape) == (d_ff, D) and tuple(W["linear_2.weight"].shape) == (D, d_ff), (
        "linear_1 must map d_model -> d_ff and linear_2 d_ff -> d_model"
    )
    x = randn((*batch, D), seed + 1, 2.0)
    y = check_tensor(ff(x), x.shape, F64, "FeedForward(x)")
    expected = trusted_ff(W, x)
    assert torch.allclose(y, expected, atol=1e-10), f"differs from linear_2(relu(linear_1(x))) by {maxdiff(y, expected):.3g}"


@points(3)
@given(
    D_H=st.sampled_from([(4, 2), (8, 2), (6, 3)]),
    B=st.sampled_from([1, 3]),
    L=st.integers(2, 6),
    theta=st.sampled_from([None, 10000.0]),
    seed=st.integers(0, 2**16),
)
def test_block_matches_prenorm_formula(student, D_H, B, L, theta, seed):
    """TransformerBlock is pre-norm, h = x + attn(ln_1(x)), y = h + ff(ln_2(h)), returns attn's cache, and token-by-token with past_kv equals the full causal forward."""
    D, H = D_H
    block, W = make_block(student, D, H, 2 * D, rope_theta=theta, seed=seed)
    x = randn((B, L, D), seed + 1)
    y, (k, v) = mhsa_result(block(x, tril(L)), B, L, D, H, L, F64, what="TransformerBlock.forward")
    expected, (ek, ev) = trusted_block(W, x, H, tril(L), rope_theta=theta)
    assert torch.allclose(y, expected, atol=1e-9), (
        f"differs from the pre-norm block x + attn(ln_1(x)), then h + ff(ln_2(h)), by {maxdiff(y, expected):.3g}"
    )
    assert torch.allclose(k, ek, atol=1e-9) and torch.allclose(v, ev, atol=1e-9), "the returned cache is not the attention layer's (k, v)"
    kv, outs = None, []
    for t in range(L):
        o, kv = mhsa_result(block(x[:, t:t + 1], None, kv, t), B, 1, D, H, t + 1, F64, what="TransformerBlock.forward")
        outs.append(o)
    steps = torch.cat(outs, 1)
    assert torch.allclose(steps, y, atol=1e-8), f"token-by-token with past_kv differs from the full forward by {maxdiff(steps, y):.3g}"


@points(2)
@given(theta=st.sampled_from([None, 10000.0]), seed=st.integers(0, 2**16))
def test_block_jacobian_is_causal(student, theta, seed):
    """With a causal mask, the block's Jacobian blocks d out_i / d x_j vanish for j > i and do not vanish for j <= i."""
    D, H, L, h = 4, 2, 5, 1e-6
    block, _ = make_block(student, D, H, 8, rope_theta=theta, seed=seed)
    x = randn((1, L, D), seed + 1)
    eye = torch.eye(L * D, dtype=F64).reshape(L * D, L, D)
    batch = torch.cat([x, x + h * eye])  # one batched call: the base point and every perturbation
    y, _ = mhsa_result(block(batch, tril(L)), L * D + 1, L, D, H, L, F64, what="TransformerBlock.forward")
    jac = ((y[1:] - y[:1]) / h).reshape(L, D, L, D)  # jac[j, :, i, :] = d out_i / d x_j
    for i in range(L):
        for j in range(L):
            size = float(jac[j, :, i, :].abs().max())
            if j > i:  # a change of 1e-6 in x_j must move out_i by nothing beyond rounding (1e-13)
                assert size <= 1e-7, f"out_{i} depends on the future token x_{j} (|d out_{i} / d x_{j}| = {size:.3g})"
            else:
                assert size > 1e-4, f"out_{i} does not depend on the past token x_{j}"


@points(3)
@given(dtype=st.sampled_from(["float32", "float64"]), B=st.sampled_from([8, 2]), theta=st.sampled_from([None, 10000.0]))
def test_modules_dtypes_shapes_inputs_untouched(student, support, dtype, B, theta):
    """MultiHeadSelfAttention, FeedForward, TransformerBlock and rope work in float32 and float64 (output in the input's dtype), for batch == d_model too, and leave x, the mask and the cache unchanged."""
    D, H, L = 8, 2, 4
    dt = getattr(torch, dtype)
    tol = 1e-4 if dtype == "float32" else 1e-9
    x = randn((B, L, D), 1, dtype=dt)
    mask = tril(L)
    past = (randn((B, H, 2, D // H), 2, dtype=dt), randn((B, H, 2, D // H), 3, dtype=dt))

    m, W = make_mhsa(student, D, H, rope_theta=theta, seed=1, dtype=dtype)
    cache_mask = tril(L, offset=2)
    out, after = student.remote(support.call_with_cache_keeping_inputs, m, x, cache_mask, *past, 2)
    o, _ = mhsa_result(out, B, L, D, H, L + 2, dt)
    expected, _ = trusted_mhsa(W, x, H, cache_mask, rope_theta=theta, start_pos=2, past_kv=past)
    assert torch.allclose(o.to(F64), expected, atol=tol), f"MultiHeadSelfAttention in {dtype} is off by {maxdiff(o, expected):.3g}"
    assert torch.equal(after[0], x) and torch.equal(after[1], cache_mask), "MultiHeadSelfAttention modified x or the mask in place"
    assert torch.equal(after[2], past[0]) and torch.equal(after[3], past[1]), (
        "MultiHeadSelfAttention modified the given cache past_kv in place"
    )

    ff = prepare(student, student.FeedForward(D, 16), D, 2, dtype)
    Wf = weights(ff, ("linear_1.weight", "linear_2.weight"), "FeedForward")
    out, after = student.remote(testmodels.call_keeping_inputs, ff, x)
    y = check_tensor(out, x.shape, dt, f"FeedForward in {dtype}")
    assert torch.allclose(y.to(F64), trusted_ff(Wf, x), atol=tol), f"FeedForward in {dtype} is off"
    assert torch.equal(after[0], x), "FeedForward modified its input in place"

    block, Wb = make_block(student, D, H, 16, rope_theta=theta, seed=3, dtype=dtype)
    out, after = student.remote(testmodels.call_keeping_inputs, block, x, mask)
    y, _ = mhsa_result(out, B, L, D, H, L, dt, what=f"TransformerBlock in {dtype}")
    expected, _ = trusted_block(Wb, x, H, mask, rope_theta=theta)
    assert torch.allclose(y.to(F64), expected, atol=10 * tol), f"TransformerBlock in {dtype} is off by {maxdiff(y, expected):.3g}"
    assert torch.equal(after[0], x) and torch.equal(after[1], mask), "TransformerBlock modified x or the mask in place"

    positions = torch.arange(3, 3 + L)
    out, after = student.remote(testmodels.call_keeping_inputs, student.get("rope"), x, positions)
    r = check_tensor(out, x.shape, dt, f"rope in {dtype}")
    assert torch.allclose(r.to(F64), trusted_rope(x, positions), atol=tol), f"rope in {dtype} is off"
    assert torch.equal(after[0], x) and torch.equal(after[1], positions), "rope modified its inputs in place"
