"""Hidden tests: multi-head self-attention (head split, masks, RoPE, KV cache)."""

import torch
from attncheck import (
    F64,
    make_mhsa,
    maxdiff,
    mhsa_case,
    mhsa_result,
    randn,
    split_heads,
    torch_mha,
    tril,
    trusted_attention,
    trusted_mhsa,
    trusted_padding,
)
from hypothesis import given
from hypothesis import strategies as st

from autograder.testing import points, visibility

ROPE_THETAS = [None, 10000.0, 50.0]


@points(8)
@given(case=mhsa_case(), kind=st.sampled_from(["none", "causal", "padding", "both"]), data=st.data())
def test_mhsa_matches_torch_multihead_attention(student, case, kind, data):
    """Equals nn.MultiheadAttention(d_model, n_heads, bias=False, batch_first=True) with in_proj = cat(w_q, w_k, w_v) and out_proj = w_o, with no mask, a causal mask, a padding mask and both (its bool masks mean True = blocked)."""
    D, H, B, L, seed = case
    m, W = make_mhsa(student, D, H, seed=seed)
    x = randn((B, L, D), seed + 1)
    lengths = torch.tensor(data.draw(st.lists(st.integers(1, L), min_size=B, max_size=B)))
    mask = attn_mask = key_padding_mask = None
    if kind in ("causal", "both"):
        mask, attn_mask = tril(L), ~tril(L)
    if kind in ("padding", "both"):
        pm = trusted_padding(lengths, L)
        mask = pm if mask is None else mask & pm
        key_padding_mask = ~pm[:, 0, 0, :]
    o, _ = mhsa_result(m(x, mask), B, L, D, H, L, F64)
    with torch.no_grad():
        expected, _ = torch_mha(W, D, H)(
            x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False
        )
    assert torch.allclose(o, expected, atol=1e-10), (
        f"differs from nn.MultiheadAttention with the same weights by {maxdiff(o, expected):.3g} "
        f"(d_model={D}, n_heads={H}, mask: {kind})"
    )


@points(3)
@given(D=st.integers(2, 8), B=st.sampled_from([1, 3, 8]), L=st.integers(1, 6), causal=st.booleans(), seed=st.integers(0, 2**16))
def test_mhsa_one_head_is_plain_attention(student, D, B, L, causal, seed):
    """With n_heads = 1, the layer is single-head attention: w_o(attention(w_q x, w_k x, w_v x))."""
    m, W = make_mhsa(student, D, 1, seed=seed)
    x = randn((B, L, D), seed + 1)
    mask = tril(L) if causal else None
    o, _ = mhsa_result(m(x, mask), B, L, D, 1, L, F64)
    att, _ = trusted_attention(x @ W["w_q.weight"].T, x @ W["w_k.weight"].T, x @ W["w_v.weight"].T, mask)
    expected = att @ W["w_o.weight"].T
    assert torch.allclose(o, expected, atol=1e-10), f"one head differs from plain attention by {maxdiff(o, expected):.3g}"


@points(3)
@given(case=mhsa_case(max_len=5), past=st.integers(0, 4))
def test_mhsa_returns_keys_values_per_head(student, case, past):
    """forward returns (k, v) of shape (B, H, L_past + L, d_head): the given past_kv followed by the new tokens' keys and values, head h holding features h*d_head:(h+1)*d_head."""
    D, H, B, L, seed = case
    m, W = make_mhsa(student, D, H, seed=seed)
    x = randn((B, L, D), seed + 1)
    past_kv = (randn((B, H, past, D // H), seed + 2), randn((B, H, past, D // H), seed + 3)) if past else None
    o, (k, v) = mhsa_result(m(x, None, past_kv, past), B, L, D, H, past + L, F64)
    new_k, new_v = split_heads(x @ W["w_k.weight"].T, H), split_heads(x @ W["w_v.weight"].T, H)
    if past:
        assert torch.equal(k[:, :, :past], past_kv[0]) and torch.equal(v[:, :, :past], past_kv[1]), (
            "the returned cache does not start with the given past_kv"
        )
    assert torch.allclose(k[:, :, past:], new_k, atol=1e-10), "the new keys are not w_k(x) split into heads as (B, H, L, d_head)"
    assert torch.allclose(v[:, :, past:], new_v, atol=1e-10), "the new values are not w_v(x) split into heads as (B, H, L, d_head)"
    expected, _ = trusted_mhsa(W, x, H, past_kv=past_kv)
    assert torch.allclose(o, expected, atol=1e-10), (
        f"with past_kv the new tokens do not attend to past + new keys (off by {maxdiff(o, expected):.3g})"
    )


@points(6)
@given(case=mhsa_case().filter(lambda c: c[3] >= 2), theta=st.sampled_from(ROPE_THETAS), data=st.data())
def test_mhsa_causal_future_does_not_change_past(student, case, theta, data):
    """Causality: with causal_mask(L), changing the tokens x[:, j:] leaves out[:, :j] unchanged (for every cut j)."""
    D, H, B, L, seed = case
    j = data.draw(st.integers(1, L - 1), label="j")
    m, _ = make_mhsa(student, D, H, rope_theta=theta, seed=seed)
    mask = student.causal_mask(L)
    x = randn((B, L, D), seed + 1)
    x2 = x.clone()
    x2[:, j:] = randn((B, L - j, D), seed + 2, 2.0)
    o, _ = mhsa_result(m(x, mask), B, L, D, H, L, F64)
    o2, _ = mhsa_result(m(x2, mask), B, L, D, H, L, F64)
    assert torch.allclose(o[:, :j], o2[:, :j], atol=1e-12, rtol=0), (
        f"changing tokens {j}.. changed the outputs before position {j} by {maxdiff(o[:, :j], o2[:, :j]):.3g}"
    )
    assert maxdiff(o[:, j:], o2[:, j:]) > 1e-9, "changing the tokens from position j on changes no output at all"


@points(3)
@given(case=mhsa_case().filter(lambda c: c[3] >= 2), causal=st.booleans(), data=st.data())
def test_mhsa_padding_does_not_change_valid_outputs(student, case, causal, data):
    """With padding_mask(lengths, L) (and optionally & causal_mask(L)), changing the padded tokens leaves the outputs of the real tokens unchanged, and the outputs equal multi-head attention under that mask."""
    D, H, B, L, seed = case
    lengths = torch.tensor(data.draw(st.lists(st.integers(1, L), min_size=B, max_size=B), label="lengths"))
    m, W = make_mhsa(student, D, H, seed=seed)
    mask = student.padding_mask(lengths, L)
    if causal:
        mask = mask & student.causal_mask(L)
    x = randn((B, L, D), seed + 1)
    pad = ~trusted_padding(lengths, L)[:, 0, 0, :]  # (B, L) True at padded positions
    x2 = x.clone()
    x2[pad] = randn(x2[pad].shape, seed + 2, 2.0)
    o, _ = mhsa_result(m(x, mask), B, L, D, H, L, F64)
    o2, _ = mhsa_result(m(x2, mask), B, L, D, H, L, F64)
    assert torch.allclose(o[~pad], o2[~pad], atol=1e-12, rtol=0), (
        f"changing padded tokens changed real tokens' outputs by {maxdiff(o[~pad], o2[~pad]):.3g} (lengths {lengths.tolist()})"
    )
    trusted_mask = trusted_padding(lengths, L) & tril(L) if causal else trusted_padding(lengths, L)
    expected, _ = trusted_mhsa(W, x, H, trusted_mask)
    assert torch.allclose(o, expected, atol=1e-10), (
        f"with a padding mask{' and a causal mask' if causal else ''} the output is off by "
        f"{maxdiff(o, expected):.3g} (lengths {lengths.tolist()})"
    )


@points(2)
@given(case=mhsa_case(), theta=st.sampled_from([10000.0, 100.0, 10.0]), start=st.integers(0, 20), causal=st.booleans())
def test_mhsa_rope_matches_formula(student, case, theta, start, causal):
    """With rope_theta, queries and keys of every head are rotated by rope(., start_pos + arange(L), rope_theta) before attention; values are not."""
    D, H, B, L, seed = case
    m, W = make_mhsa(student, D, H, rope_theta=theta, seed=seed)
    x = randn((B, L, D), seed + 1)
    mask = tril(L) if causal else None
    o, _ = mhsa_result(m(x, mask, None, start), B, L, D, H, L, F64)
    expected, _ = trusted_mhsa(W, x, H, mask, rope_theta=theta, start_pos=start)
    assert torch.allclose(o, expected, atol=1e-9), (
        f"with RoPE (theta={theta}) the output is off by {maxdiff(o, expected):.3g} "
        f"(d_head={D // H}, interleaved pairs (2i, 2i+1))"
    )


@points(2)
@given(
    case=mhsa_case(max_len=5),
    theta=st.sampled_from([10000.0, 100.0]),
    past=st.integers(0, 4),
    start=st.integers(0, 20),
    causal=st.booleans(),
)
def test_mhsa_rope_positions_from_start_pos(student, case, theta, past, start, causal):
    """With rope_theta, the new tokens sit at the absolute positions start_pos .. start_pos + L - 1, whatever the length of past_kv: the returned keys are the given past followed by rope(w_k x, start_pos + arange(L)), and the output attends with rope(w_q x, same positions) over past + new keys."""
    D, H, B, L, seed = case
    m, W = make_mhsa(student, D, H, rope_theta=theta, seed=seed)
    x = randn((B, L, D), seed + 1)
    past_kv = (randn((B, H, past, D // H), seed + 2), randn((B, H, past, D // H), seed + 3)) if past else None
    mask = tril(L, offset=past) if causal else None
    o, (k, v) = mhsa_result(m(x, mask, past_kv, start), B, L, D, H, past + L, F64)
    expected, (expected_k, expected_v) = trusted_mhsa(W, x, H, mask, rope_theta=theta, start_pos=start, past_kv=past_kv)
    assert torch.allclose(k, expected_k, atol=1e-9), (
        f"the returned keys are not past_kv followed by rope(w_k x, start_pos + arange(L)) (start_pos={start}, "
        f"L_past={past}; off by {maxdiff(k, expected_k):.3g})"
    )
    assert torch.allclose(v, expected_v, atol=1e-10), "the returned values are not past_kv followed by w_v(x) (values are not rotated)"
    assert torch.allclose(o, expected, atol=1e-9), (
        f"with RoPE and start_pos={start} (L_past={past}) the output is off by {maxdiff(o, expected):.3g}"
    )


@points(7)
@visibility("visible")
@given(case=mhsa_case(max_len=8).filter(lambda c: c[3] >= 2), theta=st.sampled_from(ROPE_THETAS), data=st.data())
def test_mhsa_kv_cache_matches_full_forward(student, case, theta, data):
    """KV cache: a prefix at once, then the rest token by token (or two at a time) with past_kv and start_pos, gives the full causal forward's outputs and cache at every position, with and without RoPE; the full forward's output and cache equal causal multi-head attention."""
    D, H, B, L, seed = case
    prefix = data.draw(st.integers(0, L - 1), label="prefix")
    chunk = data.draw(st.sampled_from([1, 2]), label="chunk")
    m, W = make_mhsa(student, D, H, rope_theta=theta, seed=seed)
    x = randn((B, L, D), seed + 1)
    full, (k_full, v_full) = mhsa_result(m(x, tril(L)), B, L, D, H, L, F64)
    expected, (expected_k, expected_v) = trusted_mhsa(W, x, H, tril(L), rope_theta=theta)
    assert torch.allclose(full, expected, atol=1e-9), (
        f"the full causal forward is off by {maxdiff(full, expected):.3g} (rope_theta={theta})"
    )
    assert torch.allclose(k_full, expected_k, atol=1e-9) and torch.allclose(v_full, expected_v, atol=1e-9), (
        f"the full forward's cache (k, v) is off by {max(maxdiff(k_full, expected_k), maxdiff(v_full, expected_v)):.3g} "
        f"(rope_theta={theta})"
    )
    outs, kv = [], None
    if prefix:
        o, kv = mhsa_result(m(x[:, :prefix], tril(prefix)), B, prefix, D, H, prefix, F64)
        outs.append(o)
    t = prefix
    while t < L:
        n = min(chunk, L - t)
        mask = None if n == 1 else tril(n, offset=t)
        o, kv = mhsa_result(m(x[:, t:t + n], mask, kv, t), B, n, D, H, t + n, F64)
        outs.append(o)
        t += n
    steps = torch.cat(outs, 1)
    bad = (steps - full).abs().amax(dim=(0, 2))
    assert torch.allclose(steps, full, atol=1e-8), (
        f"cached generation differs from the full causal forward at positions "
        f"{[i for i in range(L) if bad[i] > 1e-8]} (max {float(bad.max()):.3g}; rope_theta={theta})"
    )
    assert torch.allclose(kv[0], k_full, atol=1e-8) and torch.allclose(kv[1], v_full, atol=1e-8), (
        "the final cache differs from the keys/values of the full forward"
    )
