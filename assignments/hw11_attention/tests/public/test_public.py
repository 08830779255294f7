"""Public checks of HW11 (students get this file; run it with `autograder check`).

They only look at shapes and at a few fixed examples; the hidden tests check the same properties
(and many more: equality with PyTorch's attention, causality, padding, RoPE, the KV cache, the
block) over many shapes, masks and dtypes.
"""

import math

import torch

from autograder.testing import points, visibility


def _pair(out, what):
    assert isinstance(out, (tuple, list)) and len(out) == 2, (
        f"{what} should return a pair; got {type(out).__name__}"
    )
    return out[0], out[1]


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t.detach()


@points(3)
@visibility("visible")
def test_public_attention_shapes_and_rows(student):
    """scaled_dot_product_attention returns (out (..., Lq, dv), weights (..., Lq, Lk)); each row of weights sums to 1."""
    g = torch.Generator().manual_seed(0)
    Q, K, V = torch.randn(2, 3, 4, generator=g), torch.randn(2, 5, 4, generator=g), torch.randn(2, 5, 6, generator=g)
    out, w = _pair(student.scaled_dot_product_attention(Q, K, V), "scaled_dot_product_attention")
    _tensor(out, (2, 3, 6), torch.float32, "out")
    w = _tensor(w, (2, 3, 5), torch.float32, "weights")
    assert torch.allclose(w.sum(-1), torch.ones(2, 3), atol=1e-5), "each query's weights should sum to 1 over the keys"
    # All keys equal: every query spreads its weight uniformly, so out is the mean of the values.
    out, _ = _pair(student.scaled_dot_product_attention(Q, K[:, :1].expand(2, 5, 4), V), "scaled_dot_product_attention")
    assert torch.allclose(out, V.mean(1, keepdim=True).expand(2, 3, 6), atol=1e-5), (
        "with identical keys, every output should be the mean of the values"
    )


@points(2)
@visibility("visible")
def test_public_causal_mask_small(student):
    """causal_mask(3) is the bool lower triangle [[1,0,0],[1,1,0],[1,1,1]] (True = may attend)."""
    m = _tensor(student.causal_mask(3), (3, 3), torch.bool, "causal_mask(3)")
    expected = torch.tensor([[1, 0, 0], [1, 1, 0], [1, 1, 1]], dtype=torch.bool)
    assert torch.equal(m, expected), f"causal_mask(3) is {m.int().tolist()}; expected {expected.int().tolist()}"


@points(3)
@visibility("visible")
def test_public_mhsa_shapes(student):
    """MultiHeadSelfAttention(16, 4) maps (B, L, 16) to (B, L, 16) and returns a cache (k, v) of shape (B, 4, L, 4); out equals nn.MultiheadAttention with the same weights and k, v are w_k(x), w_v(x) split into heads."""
    mhsa = student.MultiHeadSelfAttention(16, 4)
    x = torch.linspace(-1, 1, 2 * 5 * 16).reshape(2, 5, 16)
    out, kv = _pair(mhsa(x), "MultiHeadSelfAttention.forward")
    out = _tensor(out, (2, 5, 16), torch.float32, "out")
    k, v = _pair(kv, "the cache (k, v)")
    k = _tensor(k, (2, 4, 5, 4), torch.float32, "cached keys")
    v = _tensor(v, (2, 4, 5, 4), torch.float32, "cached values")
    sd = mhsa.state_dict()
    names = ("w_q.weight", "w_k.weight", "w_v.weight", "w_o.weight")
    missing = [n for n in names if n not in sd]
    assert not missing, f"MultiHeadSelfAttention has no parameter(s) {', '.join(missing)}"
    wq, wk, wv, wo = (sd[n].detach().float() for n in names)

    def heads(t):  # (B, L, D) -> (B, H, L, d_head)
        return t.view(2, 5, 4, 4).transpose(1, 2)

    assert torch.allclose(k, heads(x @ wk.T), atol=1e-5), "the cached keys are not w_k(x) split into (B, H, L, d_head)"
    assert torch.allclose(v, heads(x @ wv.T), atol=1e-5), "the cached values are not w_v(x) split into (B, H, L, d_head)"
    ref = torch.nn.MultiheadAttention(16, 4, bias=False, batch_first=True)
    with torch.no_grad():
        ref.in_proj_weight.copy_(torch.cat([wq, wk, wv]))
        ref.out_proj.weight.copy_(wo)
        expected, _ = ref(x, x, x, need_weights=False)
    assert torch.allclose(out, expected, atol=1e-5), (
        f"out differs from nn.MultiheadAttention with the same weights by {float((out - expected).abs().max()):.3g}"
    )


@points(2)
@visibility("visible")
def test_public_sinusoidal_first_rows(student):
    """sinusoidal_positional_encoding(4, 6) is float32 (4, 6); row 0 is [0, 1, 0, 1, 0, 1] and PE[1, 0] = sin(1)."""
    pe = _tensor(student.sinusoidal_positional_encoding(4, 6), (4, 6), torch.float32, "sinusoidal_positional_encoding(4, 6)")
    assert torch.allclose(pe[0], torch.tensor([0.0, 1, 0, 1, 0, 1]), atol=1e-6), f"row 0 is {pe[0].tolist()}"
    assert math.isclose(float(pe[1, 0]), math.sin(1.0), abs_tol=1e-6), f"PE[1, 0] = {float(pe[1, 0])}, expected sin(1)"
