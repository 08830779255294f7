"""Public checks of HW03 (students get this file; run it with `autograder check`).

They only look at shapes and at one fixed example; the hidden tests check the same properties
over many dimensions, masks, batch sizes and dtypes.
"""

import math

import torch
from autograder import testmodels
from autograder.testing import points, visibility


def _pair(out, what):
    assert isinstance(out, (tuple, list)) and len(out) == 2, (
        f"{what} should return a pair (tensor, logdet); got {type(out).__name__}"
    )
    return out[0], out[1]


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), (
        f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    )
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t.detach()


def _random_layer(student, dim, mask, dtype="float32"):
    layer = student.AffineCoupling(dim, torch.tensor(mask), hidden=16)
    student.remote(testmodels.reinit_normal_, layer, std=0.5, seed=0)
    if dtype != "float32":
        layer = student.remote(testmodels.set_dtype_, layer, dtype)
    return layer


@points(3)
@visibility("visible")
def test_public_standard_normal_logprob_at_zero(student):
    """standard_normal_logprob returns one value per row, -D/2 log(2 pi) at z = 0."""
    z = torch.zeros(5, 3)
    lp = _tensor(
        student.standard_normal_logprob(z), (5,), torch.float32, "standard_normal_logprob(z)"
    )
    expected = torch.full((5,), -1.5 * math.log(2 * math.pi))
    assert torch.allclose(lp, expected, atol=1e-5), (
        f"log N(0; 0, I_3) should be {expected[0].item():.6f}; got {lp.tolist()}"
    )


@points(3)
@visibility("visible")
def test_public_coupling_shapes(student):
    """AffineCoupling.forward and .inverse return (B, D) values and a (B,) logdet; `dim` is the feature count; forward copies the masked coordinates and inverse undoes it."""
    layer = _random_layer(student, 4, [True, False, True, False])
    assert layer.dim == 4, f"layer.dim should be 4; got {layer.dim!r}"
    x = torch.linspace(-2, 2, 12).reshape(3, 4)
    z, logdet = _pair(layer(x), "forward(x)")
    _tensor(z, (3, 4), torch.float32, "z from forward(x)")
    _tensor(logdet, (3,), torch.float32, "logdet from forward(x)")
    xr, logdet_inv = _pair(layer.inverse(x), "inverse(z)")
    _tensor(xr, (3, 4), torch.float32, "x from inverse(z)")
    _tensor(logdet_inv, (3,), torch.float32, "logdet from inverse(z)")
    z = z.detach()
    m = torch.tensor([True, False, True, False])
    assert torch.equal(z[:, m], x[:, m]), "forward changed the masked coordinates (columns 0 and 2)"
    back, _ = _pair(layer.inverse(z), "inverse(forward(x))")
    back = _tensor(back, (3, 4), torch.float32, "inverse(forward(x))")
    assert torch.allclose(back, x, atol=1e-4), "inverse(forward(x)) does not give x back"


@points(4)
@visibility("visible")
def test_public_coupling_roundtrip(student):
    """For one fixed input, inverse(forward(x)) gives x back (float64, atol 1e-8) and the logdets are opposite."""
    layer = _random_layer(student, 4, [True, False, True, False], dtype="float64")
    x = torch.tensor(
        [[0.5, -1.0, 2.0, 0.3], [-3.0, 1.5, 0.0, -0.7], [1.0, 1.0, -1.0, 4.0]], dtype=torch.float64
    )
    z, logdet = _pair(layer(x), "forward(x)")
    z = _tensor(z, (3, 4), torch.float64, "z from forward(x)")
    logdet = _tensor(logdet, (3,), torch.float64, "logdet from forward(x)")
    xr, logdet_inv = _pair(layer.inverse(z), "inverse(z)")
    xr = _tensor(xr, (3, 4), torch.float64, "x from inverse(z)")
    logdet_inv = _tensor(logdet_inv, (3,), torch.float64, "logdet from inverse(z)")
    err = (xr - x).abs().max().item()
    assert err <= 1e-8, f"inverse(forward(x)) differs from x by up to {err:.3g}"
    err = (logdet_inv + logdet).abs().max().item()
    assert err <= 1e-8, f"inverse logdet + forward logdet should be 0; off by up to {err:.3g}"
