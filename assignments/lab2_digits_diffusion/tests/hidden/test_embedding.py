"""Hidden tests: the sinusoidal time embedding."""

import math

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import check_finite, check_tensor, points

F32, F64 = torch.float32, torch.float64


def _formula(t: torch.Tensor, dim: int) -> torch.Tensor:
    half = dim // 2
    k = torch.arange(half, dtype=F64)
    freqs = torch.tensor([10000.0 ** (-float(j) / half) for j in k], dtype=F64)
    arg = t.to(F64)[:, None] * freqs[None, :]
    return torch.cat([arg.sin(), arg.cos()], dim=1)


@st.composite
def _case(draw):
    dim = 2 * draw(st.integers(1, 64))
    b = draw(st.one_of(st.just(dim), st.integers(1, 9)))  # includes a batch as large as the embedding
    t = draw(st.lists(st.one_of(st.sampled_from([0, 1, 200, 1000]), st.integers(0, 1000)), min_size=b, max_size=b))
    return dim, torch.tensor(t, dtype=torch.long)


@points(5)
@given(case=_case())
@settings(max_examples=25)
def test_time_embedding_matches_formula(student, case):
    """SinusoidalTimeEmbedding(dim)(t) for even dim = 2h and a LongTensor t (B,) is the float32 (B, dim) tensor with
    column k = sin(t f_k) and column h + k = cos(t f_k), f_k = 10000^(-k/h), k = 0..h-1 (t up to 1000, any B)."""
    dim, t = case
    emb = student.SinusoidalTimeEmbedding(dim)
    out, after = student.remote(testmodels.call_keeping_inputs, emb, t)
    out = check_tensor(out, (t.shape[0], dim), F32, f"SinusoidalTimeEmbedding({dim})(t)")
    check_finite(out, f"SinusoidalTimeEmbedding({dim})(t)")
    assert after[0] is not None and torch.equal(after[0], t), "the embedding modified t in place"
    want = _formula(t, dim)
    err = float((out.to(F64) - want).abs().max())
    # float32 arguments t * f_k up to 1000 carry an error of about 1000 * 6e-8 = 6e-5.
    assert err <= 3e-4, f"dim = {dim}, t = {t.tolist()}: off by {err:.3g} from sin/cos(t f_k)"


@points(3)
def test_time_embedding_properties(student):
    """Each (sin, cos) pair lies on the unit circle, t = 0 maps to (0, ..., 0, 1, ..., 1), column 0 is sin(t)
    (the fastest frequency is 1), distinct steps 1..200 get distinct embeddings, and the arguments t f_k are
    computed in float64 (for t = 0..1000 every entry is within 1e-5 of the formula)."""
    dim = 64
    t = torch.arange(0, 201)
    out = check_tensor(student.SinusoidalTimeEmbedding(dim)(t), (201, dim), F32, "SinusoidalTimeEmbedding(64)")
    out = out.to(F64)
    h = dim // 2
    radius = out[:, :h] ** 2 + out[:, h:] ** 2
    assert torch.allclose(radius, torch.ones_like(radius), atol=1e-5), "sin^2 + cos^2 != 1 for some pair (k, h + k)"
    zero = torch.cat([torch.zeros(h), torch.ones(h)]).to(F64)
    assert torch.allclose(out[0], zero, atol=1e-6), f"t = 0 should give (0, ..., 0, 1, ..., 1); got {out[0].tolist()}"
    assert torch.allclose(out[:, 0], torch.sin(t.to(F64)), atol=1e-4), "column 0 should be sin(t) (f_0 = 1)"
    assert math.isclose(float(out[1, h - 1]), math.sin(10000 ** (-(h - 1) / h)), abs_tol=1e-6), (
        "the slowest frequency should be f_{h-1} = 10000^(-(h-1)/h)"
    )
    gaps = torch.cdist(out[1:], out[1:]) + 10 * torch.eye(200, dtype=F64)
    assert float(gaps.min()) > 1e-3, "two different steps get (almost) the same embedding"
    # The arguments t f_k are computed in float64, then the result is cast to float32: every entry is then
    # within float32 rounding (6e-8) of the formula; float32 arguments lose about 1e-4 for t up to 1000.
    steps = torch.arange(0, 1001)
    far = check_tensor(student.SinusoidalTimeEmbedding(dim)(steps), (1001, dim), F32, "SinusoidalTimeEmbedding(64)")
    err = float((far.to(F64) - _formula(steps, dim)).abs().max())
    assert err <= 1e-5, (
        f"t = 0..1000: off by {err:.3g} from sin/cos(t f_k); compute the arguments t f_k in float64 and cast the "
        f"result to float32"
    )
