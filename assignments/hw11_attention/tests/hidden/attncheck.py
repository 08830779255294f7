"""Shared builders, strategies and trusted-side numerics for the hw11 hidden tests (never released).

Everything expected is computed here, on the trusted side, from the parameters that come back by
value (``state_dict()``) — never by the code under test.
"""

from __future__ import annotations

import math

import torch
from hypothesis import strategies as st

from autograder import testmodels

F64 = torch.float64

# (d_model, n_heads): d_head >= 2 everywhere, so 1/d, 1/sqrt(d) and no scaling all differ.
HEAD_SHAPES = [(4, 1), (4, 2), (6, 3), (8, 2), (8, 4), (12, 3), (16, 4)]
MHSA_KEYS = ("w_q.weight", "w_k.weight", "w_v.weight", "w_o.weight")


# -- values -------------------------------------------------------------------------------
def gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(int(seed))


def randn(shape, seed, scale=1.0, dtype=F64):
    return (torch.randn(tuple(shape), generator=gen(seed), dtype=F64) * scale).clamp(-5, 5).to(dtype)


def random_mask(shape, seed, p=0.6):
    """A bool mask of ``shape`` (..., Lq, Lk) where every query row allows at least one key."""
    g = gen(seed)
    m = torch.rand(tuple(shape), generator=g) < p
    keep = torch.randint(0, shape[-1], (*shape[:-1], 1), generator=g)
    return m.scatter(-1, keep, True)


def tril(L, offset=0, total=None):
    """Causal mask for queries at positions offset..offset+L-1 over keys 0..total-1."""
    total = L + offset if total is None else total
    q = torch.arange(offset, offset + L)[:, None]
    k = torch.arange(total)[None, :]
    return k <= q


def trusted_padding(lengths, L):
    return (torch.arange(L)[None, :] < torch.as_tensor(lengths)[:, None])[:, None, None, :]


# -- result checks ------------------------------------------------------------------------
def as_pair(out, what):
    assert isinstance(out, tuple | list) and len(out) == 2, (
        f"{what} must return a pair; got {type(out).__name__}"
    )
    return out[0], out[1]


def check_tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} must be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t.detach()


def attention_result(out, q_shape, v_shape, k_len, dtype, what="scaled_dot_product_attention"):
    o, w = as_pair(out, what)
    *batch, lq, _ = q_shape
    o = check_tensor(o, (*batch, lq, v_shape[-1]), dtype, f"{what}'s output")
    w = check_tensor(w, (*batch, lq, k_len), dtype, f"{what}'s weights")
    return o, w


def mhsa_result(out, B, L, D, H, total, dtype, what="MultiHeadSelfAttention.forward"):
    o, kv = as_pair(out, what)
    o = check_tensor(o, (B, L, D), dtype, f"{what}'s output")
    k, v = as_pair(kv, f"the cache (k, v) returned by {what}")
    k = check_tensor(k, (B, H, total, D // H), dtype, f"the cached keys returned by {what}")
    v = check_tensor(v, (B, H, total, D // H), dtype, f"the cached values returned by {what}")
    return o, (k, v)


def maxdiff(a, b):
    return float((a.to(F64) - b.to(F64)).abs().max()) if a.numel() else 0.0


# -- trusted numerics ---------------------------------------------------------------------
def trusted_attention(Q, K, V, mask=None):
    Q, K, V = Q.to(F64), K.to(F64), V.to(F64)
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    w = torch.softmax(scores, dim=-1)
    return w @ V, w


def trusted_rope(x, positions, theta=10000.0):
    """Interleaved pairs (2i, 2i+1) rotated by positions * theta^(-2i/d), in float64."""
    x = x.to(F64)
    d = x.shape[-1]
    i = torch.arange(d // 2, dtype=F64)
    ang = torch.as_tensor(positions).to(F64)[..., None] * float(theta) ** (-2 * i / d)
    c, s = torch.cos(ang), torch.sin(ang)
    even = x[..., 0::2] * c - x[..., 1::2] * s
    odd = x[..., 0::2] * s + x[..., 1::2] * c
    return torch.stack([even, odd], dim=-1).flatten(-2)


def split_heads(t, H):
    B, L, D = t.shape
    return t.reshape(B, L, H, D // H).permute(0, 2, 1, 3)


def merge_heads(t):
    B, H, L, dh = t.shape
    return t.permute(0, 2, 1, 3).reshape(B, L, H * dh)


def trusted_mhsa(W, x, H, mask=None, rope_theta=None, start_pos=0, past_kv=None):
    """Multi-head self-attention from the weights ``W`` (a state_dict), in float64."""
    x = x.to(F64)
    L = x.shape[1]
    q = split_heads(x @ W["w_q.weight"].to(F64).T, H)
    k = split_heads(x @ W["w_k.weight"].to(F64).T, H)
    v = split_heads(x @ W["w_v.weight"].to(F64).T, H)
    if rope_theta is not None:
        pos = torch.arange(start_pos, start_pos + L)
        q, k = trusted_rope(q, pos, rope_theta), trusted_rope(k, pos, rope_theta)
    if past_kv is not None:
        k = torch.cat([past_kv[0].to(F64), k], 2)
        v = torch.cat([past_kv[1].to(F64), v], 2)
    out, _ = trusted_attention(q, k, v, mask)
    return merge_heads(out) @ W["w_o.weight"].to(F64).T, (k, v)


def trusted_ff(W, x, prefix=""):
    h = torch.relu(x.to(F64) @ W[prefix + "linear_1.weight"].to(F64).T)
    return h @ W[prefix + "linear_2.weight"].to(F64).T


def trusted_block(W, x, H, mask=None, rope_theta=None, start_pos=0, past_kv=None):
    x = x.to(F64)
    D = x.shape[-1]

    def ln(t, name):
        return torch.nn.functional.layer_norm(
            t, (D,), W[name + ".weight"].to(F64), W[name + ".bias"].to(F64), eps=1e-5
        )

    attn_w = {k[len("attn."):]: v for k, v in W.items() if k.startswith("attn.")}
    a, kv = trusted_mhsa(attn_w, ln(x, "ln_1"), H, mask, rope_theta, start_pos, past_kv)
    h = x + a
    return h + trusted_ff(W, ln(h, "ln_2"), prefix="ff."), kv


def torch_mha(W, D, H):
    """nn.MultiheadAttention (float64, bias-free, batch-first) with the student's weights."""
    mha = torch.nn.MultiheadAttention(D, H, bias=False, batch_first=True).to(F64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(
            torch.cat([W["w_q.weight"], W["w_k.weight"], W["w_v.weight"]]).to(F64)
        )
        mha.out_proj.weight.copy_(W["w_o.weight"].to(F64))
    return mha


# -- building the student's modules --------------------------------------------------------
def weights(module, keys, what):
    """The module's state_dict (by value), after checking the names the notebook fixes."""
    sd = module.state_dict()
    assert isinstance(sd, dict), f"{what}.state_dict() did not return a dict"
    missing = [k for k in keys if k not in sd]
    assert not missing, f"{what} has no parameter(s) {', '.join(missing)} (use the names given in the notebook)"
    biases = [k for k in sd if k.endswith(".bias") and not k.split(".")[-2].startswith("ln")]
    assert not biases, f"{what} has bias parameters {', '.join(biases)}; the projections are bias-free"
    return {k: v for k, v in sd.items() if isinstance(v, torch.Tensor)}


def prepare(impl, module, D, seed, dtype="float64", std=None):
    """Cast and redraw every parameter (default init could hide scale or layout bugs)."""
    module = impl.remote(testmodels.set_dtype_, module, dtype)
    impl.remote(testmodels.reinit_normal_, module, std=std if std is not None else D**-0.5, seed=seed)
    return module


def make_mhsa(impl, D, H, rope_theta=None, seed=0, dtype="float64"):
    m = impl.MultiHeadSelfAttention(D, H, rope_theta=rope_theta)
    m = prepare(impl, m, D, seed, dtype)
    return m, weights(m, MHSA_KEYS, "MultiHeadSelfAttention")


BLOCK_KEYS = (
    "ln_1.weight", "ln_1.bias", "ln_2.weight", "ln_2.bias",
    *("attn." + k for k in MHSA_KEYS), "ff.linear_1.weight", "ff.linear_2.weight",
)  # fmt: skip


def make_block(impl, D, H, d_ff, rope_theta=None, seed=0, dtype="float64"):
    b = impl.TransformerBlock(D, H, d_ff, rope_theta=rope_theta)
    b = prepare(impl, b, D, seed, dtype)
    return b, weights(b, BLOCK_KEYS, "TransformerBlock")


# -- strategies ----------------------------------------------------------------------------
@st.composite
def mhsa_case(draw, max_len=7):
    """(d_model, n_heads), a batch size (sometimes == d_model), a length and a seed."""
    D, H = draw(st.sampled_from(HEAD_SHAPES))
    B = draw(st.sampled_from([1, 3, D]))
    L = draw(st.integers(1, max_len))
    seed = draw(st.integers(0, 2**16))
    return D, H, B, L, seed
