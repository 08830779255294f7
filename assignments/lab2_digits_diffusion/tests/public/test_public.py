"""Public checks of Lab 2 (students get this file; run it with `autograder check`).

They look at shapes and at a few values you can verify by hand; the hidden tests check the same
properties over many sizes, run the sampler with exact noise predictors of a Gaussian mixture fitted
to the digits, and train your model once to measure what it learned.
"""

import math

import torch

from autograder import testmodels
from autograder.testing import points, visibility

F32, F64 = torch.float32, torch.float64


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    assert torch.isfinite(t).all(), f"{what} contains NaN or inf"
    return t


@points(3)
@visibility("visible")
def test_public_time_embedding(student):
    """SinusoidalTimeEmbedding(6) maps t = [0, 1, 7] to a float32 (3, 6) tensor: for k = 0, 1, 2 the
    frequencies are f_k = 10000^(-k/3), column k is sin(t f_k) and column 3 + k is cos(t f_k)."""
    emb = student.SinusoidalTimeEmbedding(6)
    t = torch.tensor([0, 1, 7])
    out = _tensor(emb(t), (3, 6), F32, "SinusoidalTimeEmbedding(6)(t)")
    want = torch.empty(3, 6, dtype=F64)
    for i, ti in enumerate([0, 1, 7]):
        for k in range(3):
            want[i, k] = math.sin(ti * 10000 ** (-k / 3))
            want[i, 3 + k] = math.cos(ti * 10000 ** (-k / 3))
    assert torch.allclose(out.to(F64), want, atol=1e-5), f"got {out.tolist()}; expected {want.tolist()}"


@points(3)
@visibility("visible")
def test_public_eps_mlp_shapes(student):
    """EpsMLP() takes x_t (B, 64) float32, t and y LongTensors (B,) with labels 0..10 (10 = null) and
    returns float32 (B, 64); it stores data_dim = 64 and n_classes = 10, and its output depends on the label
    (and on nothing else than its inputs: the same call twice gives the same output)."""
    model = student.EpsMLP()
    assert model.data_dim == 64 and model.n_classes == 10, (
        f"EpsMLP() should have data_dim = 64 and n_classes = 10; got {model.data_dim}, {model.n_classes}"
    )
    student.remote(testmodels.reinit_normal_, model, std=0.2, seed=0)
    x = torch.linspace(-1, 1, 5 * 64).reshape(5, 64).to(F32)
    t = torch.tensor([1, 50, 100, 150, 200])
    a = _tensor(model(x, t, torch.tensor([0, 3, 7, 9, 10])), (5, 64), F32, "EpsMLP()(x, t, y)")
    b = _tensor(model(x, t, torch.full((5,), 10)), (5, 64), F32, "EpsMLP()(x, t, null labels)")
    assert not torch.allclose(a[:4], b[:4]), "the output does not change when the labels change"
    again = _tensor(model(x, t, torch.full((5,), 10)), (5, 64), F32, "EpsMLP()(x, t, null labels)")
    assert torch.allclose(again, b), "the same (x_t, t, y) twice gives different outputs: forward must be a function"


@torch.no_grad()
def _chain(model, n, y, w, timesteps, seed):
    """sample(..., eta = 0) step by step: x_T = randn first, then one guided DDIM update per timestep."""
    ab = model.alpha_bar.to(F64)
    x = torch.randn((n, model.data_dim), generator=torch.Generator().manual_seed(seed)).to(F64)
    for t, s in zip(timesteps, list(timesteps[1:]) + [0]):
        tt = torch.full((n,), t)
        e_u = model(x.float(), tt, torch.full((n,), model.n_classes)).to(F64)
        e = e_u + w * (model(x.float(), tt, y).to(F64) - e_u)
        guess = (x - (1 - ab[t]).sqrt() * e) / ab[t].sqrt()
        x = ab[s].sqrt() * guess + (1 - ab[s]).sqrt() * e
    return x


@points(4)
@visibility("visible")
def test_public_sample_ddim_cfg(student, support):
    """sample(model, 4, y, w = 2, eta = 0, timesteps = [10, 6, 3], seed = 5) with a small fixed network
    (support.ToyEps) returns float32 (4, D) and equals the deterministic DDIM chain 10 -> 6 -> 3 -> 0 with the
    guided noise eps_null + w (eps_y - eps_null), starting from x_T = torch.randn((4, D), generator) with the
    generator seeded by `seed`."""
    betas = torch.zeros(11, dtype=F64)
    betas[1:] = torch.linspace(0.01, 0.3, 10, dtype=F64)
    ab = torch.cumprod(1 - betas, 0)
    model = student.remote(support.ToyEps, ab, 5, 3, seed=2)
    y = torch.tensor([0, 1, 2, 1])
    got = _tensor(student.sample(model, 4, y, 2.0, 0.0, [10, 6, 3], 5), (4, 5), F32, "sample(...)")
    want = _chain(support.ToyEps(ab, 5, 3, seed=2), 4, y, 2.0, [10, 6, 3], 5)
    err = float((got.to(F64) - want).abs().max())
    assert err <= 1e-4 * (1 + float(want.abs().max())), (
        f"sample differs from the guided DDIM chain by {err:.3g} (got {got.tolist()}, expected {want.tolist()})"
    )
