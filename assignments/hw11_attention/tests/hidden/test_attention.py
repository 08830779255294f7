"""Hidden tests: scaled dot-product attention and the two masks."""

import torch
import torch.nn.functional as F
from attncheck import (
    F64,
    attention_result,
    check_tensor,
    maxdiff,
    random_mask,
    randn,
    trusted_attention,
    trusted_padding,
)
from hypothesis import given
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points, visibility


@st.composite
def attention_case(draw, ds=(1, 2, 3, 4, 8), batches=((), (3,), (2, 3))):
    """Q, K, V with leading batch axes, Lq != Lk in general, and a mask (None, (Lq, Lk) or full)."""
    batch = draw(st.sampled_from(batches))
    lq, lk = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    d, dv = draw(st.sampled_from(ds)), draw(st.integers(1, 5))
    scale = draw(st.sampled_from([0.5, 1.0, 2.5]))
    seed = draw(st.integers(0, 2**16))
    Q = randn((*batch, lq, d), seed, scale)
    K = randn((*batch, lk, d), seed + 1, scale)
    V = randn((*batch, lk, dv), seed + 2)
    kind = draw(st.sampled_from(["none", "2d", "full"]))
    mask = None if kind == "none" else random_mask((lq, lk) if kind == "2d" else (*batch, lq, lk), seed + 3)
    return Q, K, V, mask


@points(5)
@visibility("visible")
@given(case=attention_case())
def test_attention_weights_are_distributions(student, case):
    """The weights are non-negative, each query's row sums to 1 over the keys, and masked weights are exactly 0."""
    Q, K, V, mask = case
    _, w = attention_result(student.scaled_dot_product_attention(Q, K, V, mask), Q.shape, V.shape, K.shape[-2], F64)
    assert (w >= 0).all(), f"negative attention weight {float(w.min()):.3g}"
    rows = w.sum(-1)
    assert torch.allclose(rows, torch.ones_like(rows), atol=1e-10, rtol=0), (
        f"rows of the weights sum to {rows.flatten().tolist()[:6]}..., not 1 (softmax over the key axis)"
    )
    if mask is not None:
        masked = w[~mask.expand(w.shape)]
        assert (masked == 0).all(), f"a masked (False) entry has weight {float(masked.abs().max()):.3g}, not exactly 0"


@points(8)
@given(case=attention_case(ds=(4, 64), batches=((2,), (2, 3))))
def test_attention_matches_torch_sdpa(student, case):
    """Output equals torch.nn.functional.scaled_dot_product_attention (bool mask, True = may attend) for d = 4 and 64, and the weights equal softmax(QK^T/sqrt(d) + M)."""
    Q, K, V, mask = case
    o, w = attention_result(student.scaled_dot_product_attention(Q, K, V, mask), Q.shape, V.shape, K.shape[-2], F64)
    expected = F.scaled_dot_product_attention(Q, K, V, attn_mask=mask)
    _, expected_w = trusted_attention(Q, K, V, mask)
    assert torch.allclose(o, expected, atol=1e-10, rtol=1e-10), (
        f"output differs from torch's scaled_dot_product_attention by {maxdiff(o, expected):.3g} (d = {Q.shape[-1]})"
    )
    assert torch.allclose(w, expected_w, atol=1e-10, rtol=1e-10), (
        f"weights differ from softmax(QK^T / sqrt(d) + M) by {maxdiff(w, expected_w):.3g}"
    )


@points(4)
@given(case=attention_case(batches=((2,),)), seed=st.integers(0, 2**16))
def test_attention_permutation_equivariance(student, case, seed):
    """Permuting the queries permutes the outputs; permuting keys and values together (and the mask's columns) changes nothing; and the unpermuted output and weights equal softmax(QK^T/sqrt(d) + M) V and its softmax."""
    Q, K, V, mask = case
    lq, lk = Q.shape[-2], K.shape[-2]
    full = torch.ones(2, lq, lk, dtype=torch.bool) if mask is None else mask.expand(2, lq, lk)
    g = torch.Generator().manual_seed(seed)
    pq, pk = torch.randperm(lq, generator=g), torch.randperm(lk, generator=g)
    sdpa = student.scaled_dot_product_attention
    o, w = attention_result(sdpa(Q, K, V, full), Q.shape, V.shape, lk, F64)
    expected_o, expected_w = trusted_attention(Q, K, V, full)
    assert torch.allclose(o, expected_o, atol=1e-10) and torch.allclose(w, expected_w, atol=1e-10), (
        f"the output (off by {maxdiff(o, expected_o):.3g}) or the weights (off by {maxdiff(w, expected_w):.3g}) "
        "differ from softmax(QK^T / sqrt(d) + M) V"
    )
    o_q, w_q = attention_result(sdpa(Q[:, pq], K, V, full[:, pq]), Q.shape, V.shape, lk, F64)
    assert torch.allclose(o_q, o[:, pq], atol=1e-10) and torch.allclose(w_q, w[:, pq], atol=1e-10), (
        "permuting the queries does not just permute the outputs"
    )
    o_k, w_k = attention_result(sdpa(Q, K[:, pk], V[:, pk], full[:, :, pk]), Q.shape, V.shape, lk, F64)
    assert torch.allclose(o_k, o, atol=1e-10), "permuting keys and values jointly changes the output"
    assert torch.allclose(w_k, w[:, :, pk], atol=1e-10), "permuting the keys does not just permute the weights' columns"


@points(3)
@given(case=attention_case(batches=((), (2,))))
def test_attention_identical_keys_average_values(student, case):
    """When all keys are identical, each output is the plain mean of the values its query may attend to."""
    Q, K, V, mask = case
    K = K[..., :1, :].expand(K.shape).clone()
    o, _ = attention_result(student.scaled_dot_product_attention(Q, K, V, mask), Q.shape, V.shape, K.shape[-2], F64)
    allowed = torch.ones(Q.shape[-2], K.shape[-2], dtype=torch.bool) if mask is None else mask
    allowed = allowed.expand(*Q.shape[:-1], K.shape[-2]).to(F64)
    expected = (allowed @ V) / allowed.sum(-1, keepdim=True)
    assert torch.allclose(o, expected, atol=1e-10), (
        f"with identical keys the output is off the mean of the allowed values by {maxdiff(o, expected):.3g}"
    )


@points(4)
@given(dtype=st.sampled_from([torch.float32, torch.float64]), shape=st.sampled_from([(4, 5, 4), (3, 6, 4), (1, 2, 3)]))
def test_attention_dtypes_shapes_inputs_untouched(student, dtype, shape):
    """Works in float32 and float64 (output and weights in the input's dtype), for batch == feature size too, and leaves Q, K, V and the mask unchanged."""
    B, L, d = shape
    Q, K, V = randn((B, L, d), 1, dtype=dtype), randn((B, L + 1, d), 2, dtype=dtype), randn((B, L + 1, d), 3, dtype=dtype)
    mask = random_mask((L, L + 1), 4)
    fn = student.get("scaled_dot_product_attention")
    out, after = student.remote(testmodels.call_keeping_inputs, fn, Q, K, V, mask)
    o, w = attention_result(out, Q.shape, V.shape, L + 1, dtype)
    expected_o, expected_w = trusted_attention(Q, K, V, mask)
    tol = 1e-5 if dtype == torch.float32 else 1e-10
    assert torch.allclose(o.to(F64), expected_o, atol=tol), f"{dtype} output off by {maxdiff(o, expected_o):.3g}"
    assert torch.allclose(w.to(F64), expected_w, atol=tol), f"{dtype} weights off by {maxdiff(w, expected_w):.3g}"
    for name, before, now in zip(("Q", "K", "V", "mask"), (Q, K, V, mask), after, strict=True):
        assert torch.equal(now, before), f"scaled_dot_product_attention modified its input {name} in place"


@points(3)
@visibility("visible")
def test_causal_mask_is_lower_triangular(student):
    """causal_mask(L) is a (L, L) bool tensor, True exactly where key j <= query i (diagonal included)."""
    for L in range(1, 13):
        m = check_tensor(student.causal_mask(L), (L, L), torch.bool, f"causal_mask({L})")
        i, j = torch.arange(L)[:, None], torch.arange(L)[None, :]
        assert torch.equal(m, j <= i), f"causal_mask({L}) is not True exactly where key j <= query i"


@points(3)
@given(L=st.integers(1, 9), data=st.data())
def test_padding_mask_marks_valid_keys(student, L, data):
    """padding_mask(lengths, L) is a (B, 1, 1, L) bool tensor, True exactly where key j < lengths[b], and leaves lengths unchanged."""
    lengths = torch.tensor(data.draw(st.lists(st.integers(1, L), min_size=1, max_size=5)))
    B = lengths.shape[0]
    out, after = student.remote(testmodels.call_keeping_inputs, student.get("padding_mask"), lengths, L)
    assert torch.equal(after[0], lengths), "padding_mask modified lengths in place"
    m = check_tensor(out, (B, 1, 1, L), torch.bool, f"padding_mask(lengths, {L})")
    assert torch.equal(m, trusted_padding(lengths, L)), (
        f"padding_mask({lengths.tolist()}, {L}) is not True exactly where key j < lengths[b]"
    )


@points(3)
@given(L=st.integers(2, 7), data=st.data(), seed=st.integers(0, 2**16))
def test_attention_ignores_padded_keys(student, L, data, seed):
    """With a (B, 1, 1, L) padding mask, changing the keys and values at padded positions changes no output, and their weights are exactly 0; output and weights equal the masked softmax attention."""
    lengths = torch.tensor(data.draw(st.lists(st.integers(1, L), min_size=2, max_size=3)))
    B, H, d = lengths.shape[0], 2, 4
    mask = trusted_padding(lengths, L)
    Q, K, V = randn((B, H, L, d), seed), randn((B, H, L, d), seed + 1), randn((B, H, L, d), seed + 2)
    pad = (~mask[:, 0, 0, :])[:, None, :].expand(B, H, L)  # True at padded key positions
    K2, V2 = K.clone(), V.clone()
    K2[pad] = randn(K2[pad].shape, seed + 3, 4.0)
    V2[pad] = randn(V2[pad].shape, seed + 4, 4.0)
    sdpa = student.scaled_dot_product_attention
    o, w = attention_result(sdpa(Q, K, V, mask), Q.shape, V.shape, L, F64)
    o2, _ = attention_result(sdpa(Q, K2, V2, mask), Q.shape, V.shape, L, F64)
    expected_o, expected_w = trusted_attention(Q, K, V, mask)
    assert torch.allclose(o, expected_o, atol=1e-10) and torch.allclose(w, expected_w, atol=1e-10), (
        f"with a padding mask the output (off by {maxdiff(o, expected_o):.3g}) or the weights "
        f"(off by {maxdiff(w, expected_w):.3g}) differ from the masked softmax attention (lengths {lengths.tolist()})"
    )
    assert (w[pad[:, :, None, :].expand(w.shape)] == 0).all(), "a padded key has a non-zero weight"
    assert torch.allclose(o, o2, atol=1e-12), (
        f"changing padded keys/values changed the output by {maxdiff(o, o2):.3g} (lengths {lengths.tolist()})"
    )
