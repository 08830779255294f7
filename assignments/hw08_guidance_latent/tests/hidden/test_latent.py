"""Hidden tests of HW08: latent scaling, the latent round trip, and how the autoencoder is called."""

import gcheck as gc
import torch
from gcheck import F32, F64, close, expect_tensor, max_err, randn
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.testing import points

IMAGE = [((3, 4, 4), (12, 2, 2)), ((1, 6, 6), (4, 3, 3)), ((2, 2, 2), (8,)), ((5,), (5,))]


@points(5)
@given(shape=st.sampled_from([(50,), (8, 8), (16, 4, 2, 2), (3, 1)]), loc=st.floats(-3, 3), spread=st.floats(0.1, 8), dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 999))
@settings(max_examples=20)
def test_fit_latent_scale(student, shape, loc, spread, dtype, seed):
    """fit_latent_scale returns the Python float 1 / std of all entries (mean subtracted, unbiased=False), so the
    scaled latents have standard deviation 1; it does not depend on the batch layout."""
    z = (loc + randn(shape, seed, F64, spread)).to(dtype)
    got = student.fit_latent_scale(z)
    assert isinstance(got, float), f"fit_latent_scale should return a Python float; got {type(got).__name__}"
    flat = z.to(F64).reshape(-1)
    want = 1.0 / float(((flat - flat.mean()) ** 2).mean().sqrt())
    tol = 1e-10 if dtype == F64 else 1e-5
    assert abs(got - want) <= tol * want, f"latents of shape {shape}: expected 1 / std = {want:.8g}; got {got:.8g}"
    scaled = (z.to(F64) * got).reshape(-1)
    assert abs(float(((scaled - scaled.mean()) ** 2).mean().sqrt()) - 1) <= 10 * tol, "scaled latents do not have unit std"


@points(6)
@given(case=st.sampled_from(IMAGE), B=st.sampled_from([1, 3, 12]), gain=st.floats(0.2, 6.0), dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 999))
@settings(max_examples=20)
def test_latent_round_trip_orthogonal_autoencoder(student, support, case, B, gain, dtype, seed):
    """With an orthogonal linear autoencoder (built next to your code), from_diffusion_space(to_diffusion_space(x))
    returns x; the latents scaled by fit_latent_scale have unit std; shapes are the latent / image shapes and dtype
    is kept."""
    in_shape, lat_shape = case
    enc = student.remote(support.OrthogonalEncoder, in_shape, lat_shape, gain, seed)
    dec = student.remote(support.OrthogonalDecoder, in_shape, lat_shape, gain, seed)
    ref_enc = support.OrthogonalEncoder(in_shape, lat_shape, gain, seed)
    x = randn((B, *in_shape), seed, dtype, 1.3)
    latents = ref_enc(x)
    scale = student.fit_latent_scale(latents)
    assert isinstance(scale, float), f"fit_latent_scale should return a Python float; got {type(scale).__name__}"
    z = expect_tensor(student.to_diffusion_space(x, enc, scale), (B, *lat_shape), dtype, "to_diffusion_space")
    want = scale * latents.to(F64)
    assert close(z, want, dtype), f"to_diffusion_space is off by {max_err(z, want):.3g} from scale * encoder(x)"
    sd = float(z.to(F64).std(unbiased=False))
    assert abs(sd - 1) <= (1e-9 if dtype == F64 else 1e-4), f"latents in diffusion space have std {sd:.6g}, not 1"
    back = expect_tensor(student.from_diffusion_space(z, dec, scale), (B, *in_shape), dtype, "from_diffusion_space")
    assert close(back, x, dtype) if dtype == F64 else max_err(back, x) <= 1e-4, f"the round trip is off by {max_err(back, x):.3g}"


@points(6)
@given(scale=st.sampled_from([0.18215, 0.5, 3.0]), shape=st.sampled_from([(4, 3), (3, 3), (2, 2, 3, 3)]), seed=st.integers(0, 999))
@settings(max_examples=10)
def test_autoencoder_called_once_in_order_and_scale(student, support, scale, shape, seed):
    """With a nonlinear encoder / decoder that record their inputs: to_diffusion_space calls the encoder once, on x
    itself, and returns scale * encoder(x); from_diffusion_space calls the decoder once, on z / scale, and returns
    decoder(z / scale) (not decoder(z) / scale, not decoder(z * scale))."""
    x = randn(shape, seed, F64)
    enc = student.remote(support.SpyCoder, "encoder")
    z = expect_tensor(student.to_diffusion_space(x, enc, scale), shape, F64, "to_diffusion_space")
    calls = enc.calls
    assert len(calls) == 1, f"to_diffusion_space called the encoder {len(calls)} times; expected once"
    assert torch.allclose(calls[0], x, rtol=1e-12, atol=1e-12), "the encoder was not called on x itself (was x scaled first?)"
    want = scale * (2 * torch.tanh(x) + 0.5)
    assert torch.allclose(z, want, rtol=1e-12, atol=1e-12), f"to_diffusion_space should be scale * encoder(x); off by {max_err(z, want):.3g}"
    dec = student.remote(support.SpyCoder, "decoder")
    out = expect_tensor(student.from_diffusion_space(z, dec, scale), shape, F64, "from_diffusion_space")
    calls = dec.calls
    assert len(calls) == 1, f"from_diffusion_space called the decoder {len(calls)} times; expected once"
    assert torch.allclose(calls[0], z / scale, rtol=1e-12, atol=1e-12), "the decoder was not called on z / scale"
    u = z / scale
    want = u**3 - u
    assert torch.allclose(out, want, rtol=1e-12, atol=1e-12), f"from_diffusion_space should be decoder(z / scale); off by {max_err(out, want):.3g}"
