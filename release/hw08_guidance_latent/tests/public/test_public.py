"""Public checks of HW08 (students get this file; run it with `autograder check`).

They look at shapes and at a few values you can verify by hand; the hidden tests check the same
properties on many shapes, dtypes and weights, run a guided sampler against an exact model, and spy on
how your functions call the models and the autoencoder.
"""

import torch

from autograder import testmodels
from autograder.testing import points, visibility

F64 = torch.float64


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t


@points(4)
@visibility("visible")
def test_public_cfg_combine_values(student):
    """cfg_combine returns the unconditional prediction at w = 0, the conditional one at w = 1, and
    uncond + 3 (cond - uncond) at w = 3."""
    cond = torch.tensor([[1.0, 2.0], [-1.0, 0.5]], dtype=F64)
    uncond = torch.tensor([[0.5, 1.0], [0.0, 0.0]], dtype=F64)
    for w, want in [(0.0, uncond), (1.0, cond), (3.0, torch.tensor([[2.0, 4.0], [-3.0, 1.5]], dtype=F64))]:
        got = _tensor(student.cfg_combine(cond, uncond, w), (2, 2), F64, f"cfg_combine(w = {w})")
        assert torch.allclose(got, want, atol=1e-12), f"w = {w}: expected {want.tolist()}; got {got.tolist()}"


@points(3)
@visibility("visible")
def test_public_patchify_top_left(student):
    """patchify of an arange image (1, 2, 4, 6) with p = 2 has shape (1, 6, 8); token 0 is the top-left patch,
    features ordered (row in patch, column in patch, channel)."""
    x = torch.arange(48, dtype=F64).reshape(1, 2, 4, 6)
    tok = _tensor(student.patchify(x, 2), (1, 6, 8), F64, "patchify(x, 2)")
    want = [0.0, 24.0, 1.0, 25.0, 6.0, 30.0, 7.0, 31.0]
    assert tok[0, 0].tolist() == want, f"token 0 should be {want}; got {tok[0, 0].tolist()}"


@points(3)
@visibility("visible")
def test_public_latent_scale(student):
    """fit_latent_scale of latents with standard deviation 2 (unbiased=False) is 0.5, and to_diffusion_space
    with the identity encoder multiplies by the scale."""
    latents = torch.tensor([[-2.0, 2.0], [2.0, -2.0]], dtype=F64)
    scale = student.fit_latent_scale(latents)
    assert isinstance(scale, float), f"fit_latent_scale should return a Python float; got {type(scale).__name__}"
    assert abs(scale - 0.5) < 1e-12, f"expected 1 / std = 0.5; got {scale}"
    identity = student.remote(testmodels.Linear, torch.eye(2, dtype=F64))
    got = _tensor(student.to_diffusion_space(latents, identity, 0.5), (2, 2), F64, "to_diffusion_space")
    assert torch.allclose(got, latents * 0.5, atol=1e-12), f"expected 0.5 * encoder(x); got {got.tolist()}"
