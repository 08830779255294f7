"""Hidden tests: rotary position embedding and the sinusoidal positional encoding."""

import math

import torch
from attncheck import F64, check_tensor, maxdiff, randn, trusted_rope
from hypothesis import given
from hypothesis import strategies as st

from autograder.testing import points, visibility

DIMS = [2, 4, 6, 8, 16]


@st.composite
def rope_case(draw):
    """x of shape (L, d), (B, L, d) or (B, H, L, d) and positions (L,) or (B, L) broadcastable to it."""
    d = draw(st.sampled_from(DIMS))
    L = draw(st.integers(1, 6))
    B = draw(st.sampled_from([2, d]))
    layout = draw(st.sampled_from(["L", "BL", "BHL", "BL-per-batch"]))
    seed = draw(st.integers(0, 2**16))
    shape = {"L": (L, d), "BL": (B, L, d), "BHL": (B, 3, L, d), "BL-per-batch": (B, L, d)}[layout]
    pos_shape = (B, L) if layout == "BL-per-batch" else (L,)
    positions = torch.randint(0, 100, pos_shape, generator=torch.Generator().manual_seed(seed))
    theta = draw(st.sampled_from([10000.0, 500.0, 10.0]))
    return randn(shape, seed, 2.0), positions, theta


@points(5)
@given(case=rope_case())
def test_rope_matches_interleaved_formula(student, case):
    """rope rotates each interleaved pair (x[2i], x[2i+1]) by the angle position * theta^(-2i/d), counter-clockwise, for any leading axes."""
    x, positions, theta = case
    y = check_tensor(student.rope(x, positions, theta), x.shape, F64, "rope(x, positions, theta)")
    expected = trusted_rope(x, positions, theta)
    assert torch.allclose(y, expected, atol=1e-8), (
        f"rope differs from the interleaved-pairs rotation by {maxdiff(y, expected):.3g} "
        f"(x shape {tuple(x.shape)}, positions shape {tuple(positions.shape)}, theta={theta})"
    )


@points(2)
@visibility("visible")
@given(d=st.sampled_from(DIMS), L=st.integers(1, 6), seed=st.integers(0, 2**16))
def test_rope_norms_and_position_zero(student, d, L, seed):
    """rope preserves the norm of every vector, and position 0 is the identity; rope(x, positions) equals the interleaved-pairs rotation."""
    x = randn((2, L, d), seed, 2.0)
    positions = torch.randint(0, 1000, (L,), generator=torch.Generator().manual_seed(seed))
    y = check_tensor(student.rope(x, positions), x.shape, F64, "rope(x, positions)")
    assert torch.allclose(y.norm(dim=-1), x.norm(dim=-1), atol=1e-10), "rope changes the norm of a vector"
    expected = trusted_rope(x, positions)
    assert torch.allclose(y, expected, atol=1e-8), (
        f"rope(x, positions) differs from the interleaved-pairs rotation by {maxdiff(y, expected):.3g}"
    )
    y0 = check_tensor(student.rope(x, torch.zeros(L, dtype=torch.long)), x.shape, F64, "rope(x, zeros)")
    assert torch.allclose(y0, x, atol=1e-12, rtol=0), "rope at position 0 is not the identity"


@points(3)
@given(d=st.sampled_from(DIMS), m=st.integers(0, 200), n=st.integers(0, 200), s=st.integers(0, 200), seed=st.integers(0, 2**16))
def test_rope_scores_depend_on_relative_position(student, d, m, n, s, seed):
    """<rope(q, m), rope(k, n)> = <rope(q, m + s), rope(k, n + s)>: scores only depend on n - m; the rotated vectors equal the interleaved-pairs rotation."""
    q, k = randn((d,), seed), randn((d,), seed + 1)
    x = torch.stack([q, k, q, k])
    y = check_tensor(student.rope(x, torch.tensor([m, n, m + s, n + s])), x.shape, F64, "rope(x, positions)")
    expected = trusted_rope(x, torch.tensor([m, n, m + s, n + s]))
    assert torch.allclose(y, expected, atol=1e-8), (
        f"rope(x, [{m}, {n}, {m + s}, {n + s}]) differs from the interleaved-pairs rotation by {maxdiff(y, expected):.3g}"
    )
    a, b = float(y[0] @ y[1]), float(y[2] @ y[3])
    assert math.isclose(a, b, abs_tol=1e-9), (
        f"<rope(q, {m}), rope(k, {n})> = {a:.12g} but shifted by {s}: {b:.12g}"
    )


@points(3)
@given(L=st.integers(1, 64), half=st.integers(1, 32))
def test_sinusoidal_values_and_range(student, L, half):
    """sinusoidal_positional_encoding(L, d) is float32 (L, d) with PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(...), all in [-1, 1]."""
    d = 2 * half
    pe = check_tensor(student.sinusoidal_positional_encoding(L, d), (L, d), torch.float32, f"sinusoidal_positional_encoding({L}, {d})")
    assert pe.abs().max() <= 1.0, "values outside [-1, 1]"
    p = torch.arange(L, dtype=F64)[:, None]
    ang = p / 10000.0 ** (torch.arange(0, d, 2, dtype=F64) / d)
    expected = torch.stack([ang.sin(), ang.cos()], -1).reshape(L, d)
    assert torch.allclose(pe.to(F64), expected, atol=2e-5, rtol=0), (
        f"PE({L}, {d}) differs from the sin/cos formula by {maxdiff(pe, expected):.3g}"
    )
