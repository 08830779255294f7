"""Hidden tests of HW08: patch tokens and cross-attention."""

import gcheck as gc
import torch
from gcheck import F32, F64, close, expect_tensor, max_err, randn
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points


@st.composite
def images(draw):
    p = draw(st.integers(1, 4))
    B, C = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    H, W = p * draw(st.integers(1, 4)), p * draw(st.integers(1, 4))
    return p, (B, C, H, W), draw(st.sampled_from([F32, F64])), draw(st.integers(0, 2**16))


@points(5)
@given(case=images())
@example(case=(2, (2, 3, 4, 6), F64, 0))
@example(case=(3, (1, 2, 3, 9), F32, 1))
@settings(max_examples=30)
def test_patchify_round_trip(student, case):
    """unpatchify(patchify(x, p), p, C, H, W) == x exactly for any B, C and H, W multiples of p; patchify has shape
    (B, HW/p^2, p*p*C) and keeps the dtype."""
    p, (B, C, H, W), dtype, seed = case
    x = randn((B, C, H, W), seed, dtype)
    tok = expect_tensor(student.patchify(x, p), (B, H * W // p**2, p * p * C), dtype, f"patchify(x {tuple(x.shape)}, p = {p})")
    back = expect_tensor(student.unpatchify(tok, p, C, H, W), (B, C, H, W), dtype, "unpatchify")
    assert torch.equal(back, x), f"x {tuple(x.shape)}, p = {p}: unpatchify(patchify(x)) differs from x by {max_err(back, x):.3g}"
    want = gc.patchify_loops(x, p)
    assert torch.equal(tok, want), f"x {tuple(x.shape)}, p = {p}: patchify's tokens are not in row-major patch order with (i, j, channel) features"


@points(5)
@given(case=images())
@example(case=(2, (1, 1, 4, 4), F64, 0))
@settings(max_examples=20)
def test_patch_layout(student, case):
    """Token r * (W/p) + c is the patch of rows rp..rp+p-1 and columns cp..cp+p-1, feature (i p + j) C + k its pixel
    (i, j) of channel k: token 0 of an arange image is its top-left patch; unpatchify puts given tokens back in
    those places."""
    p, (B, C, H, W), dtype, seed = case
    x = torch.arange(B * C * H * W, dtype=F64).reshape(B, C, H, W).to(dtype)
    tok = expect_tensor(student.patchify(x, p), (B, H * W // p**2, p * p * C), dtype, "patchify")
    want = gc.patchify_loops(x, p)
    top_left = x[0, :, :p, :p].permute(1, 2, 0).reshape(-1)
    assert torch.equal(tok[0, 0], top_left), f"token 0 should be the top-left patch {top_left.tolist()}; got {tok[0, 0].tolist()}"
    assert torch.equal(tok, want), "some tokens are not the patches in row-major order"
    tokens = randn(want.shape, seed, dtype)
    img = expect_tensor(student.unpatchify(tokens, p, C, H, W), (B, C, H, W), dtype, "unpatchify")
    assert torch.equal(gc.patchify_loops(img, p), tokens), "unpatchify does not put token n's features at their pixels"


@st.composite
def attn_case(draw):
    B = draw(st.integers(1, 4))
    N, M = draw(st.integers(1, 5)), draw(st.integers(1, 6))
    d, dc, dk, dv = draw(st.integers(1, 6)), draw(st.integers(1, 6)), draw(st.integers(1, 5)), draw(st.integers(1, 5))
    if draw(st.booleans()):
        N = M = d = dc = dk = dv = B  # every size equal: wrong axes go unnoticed by shapes
    seed = draw(st.integers(0, 2**16))
    dtype = draw(st.sampled_from([F32, F64]))
    gen = torch.Generator().manual_seed(seed)
    mask = torch.rand(B, M, generator=gen) < 0.6
    mask[torch.arange(B), torch.randint(0, M, (B,), generator=gen)] = True  # at least one valid token per row
    t = [randn(s, seed + i, dtype) for i, s in enumerate([(B, N, d), (B, M, dc), (d, dk), (dc, dk), (dc, dv)])]
    return (*t, mask, seed)


@points(6)
@given(case=attn_case(), masked=st.booleans())
@settings(max_examples=30)
def test_cross_attention_values(student, case, masked):
    """cross_attention = softmax(x Wq (context Wk)^T / sqrt(d_k)) context Wv, softmax over the context tokens, with
    padding tokens (mask False) given zero weight; shape (B, N, d_v), dtype of x."""
    x, ctx, Wq, Wk, Wv, mask, _ = case
    B, N, _ = x.shape
    kw = {"context_mask": mask} if masked else {}
    got = expect_tensor(student.cross_attention(x, ctx, Wq, Wk, Wv, **kw), (B, N, Wv.shape[1]), x.dtype, "cross_attention")
    want = gc.attention_reference(x, ctx, Wq, Wk, Wv, mask if masked else None)
    assert close(got, want, x.dtype), f"x {tuple(x.shape)}, context {tuple(ctx.shape)}, mask {masked}: off by {max_err(got, want):.3g}"


@points(3)
@given(case=attn_case())
@settings(max_examples=15)
def test_cross_attention_permutation_invariant(student, case):
    """Permuting the context tokens (and their mask) does not change the output."""
    x, ctx, Wq, Wk, Wv, mask, seed = case
    perm = torch.randperm(ctx.shape[1], generator=torch.Generator().manual_seed(seed))
    a = expect_tensor(student.cross_attention(x, ctx, Wq, Wk, Wv, context_mask=mask), (x.shape[0], x.shape[1], Wv.shape[1]), x.dtype, "cross_attention")
    b = expect_tensor(student.cross_attention(x, ctx[:, perm], Wq, Wk, Wv, context_mask=mask[:, perm]), a.shape, x.dtype, "cross_attention")
    tol = 1e-10 if x.dtype == F64 else 1e-5
    assert max_err(a, b) <= tol * (1 + a.abs().max().item()), f"permuting the context tokens changed the output by {max_err(a, b):.3g}"
    want = gc.attention_reference(x, ctx, Wq, Wk, Wv, mask)
    assert close(a, want, x.dtype), f"the output is off by {max_err(a, want):.3g}"


@points(5)
@given(case=attn_case())
@settings(max_examples=20)
def test_cross_attention_mask_has_no_influence(student, case):
    """Context tokens marked False in the mask have no influence: replacing them by anything (even huge values)
    leaves the output unchanged, and equals attention over the valid tokens only."""
    x, ctx, Wq, Wk, Wv, mask, seed = case
    out_shape = (x.shape[0], x.shape[1], Wv.shape[1])
    a = expect_tensor(student.cross_attention(x, ctx, Wq, Wk, Wv, context_mask=mask), out_shape, x.dtype, "cross_attention")
    other = ctx.clone()
    other[~mask] = (100 * randn(ctx.shape, seed + 9, F64))[~mask].to(ctx.dtype)
    b = expect_tensor(student.cross_attention(x, other, Wq, Wk, Wv, context_mask=mask), out_shape, x.dtype, "cross_attention")
    tol = 1e-10 if x.dtype == F64 else 1e-5
    assert max_err(a, b) <= tol * (1 + a.abs().max().item()), f"changing masked (padding) tokens changed the output by {max_err(a, b):.3g}"
    for i in range(x.shape[0]):
        keep = mask[i]
        want = gc.attention_reference(x[i : i + 1], ctx[i : i + 1, keep], Wq, Wk, Wv)
        assert close(a[i : i + 1], want, x.dtype), f"row {i}: not the attention over its {int(keep.sum())} valid tokens"
