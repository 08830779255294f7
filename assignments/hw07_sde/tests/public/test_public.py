"""Public checks of HW07 (students get this file; run it with `autograder check`).

They look at shapes and at a few values you can verify by hand; the hidden tests check the same properties over many
times, schedules, batch shapes and dtypes, simulate SDEs and run whole samplers.
"""

import math

import torch

from autograder import testmodels
from autograder.testing import points, visibility

F64 = torch.float64


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t


@points(3)
@visibility("visible")
def test_public_em_without_noise_is_euler(student, support):
    """With the drift f(x, t) = -x and zero diffusion, 4 Euler-Maruyama steps from t = 0 to 1 multiply x0 by
    (1 - 1/4)^4, and 4 steps backwards from t = 1 to 0 by (1 + 1/4)^4."""
    x0 = torch.tensor([[1.0, -2.0], [0.5, 3.0], [-1.5, 0.0]], dtype=F64)
    drift, zero = student.remote(support.OUDrift, 1.0), student.remote(support.ConstantDiffusion, 0.0)
    for t0, t1, factor in ((0.0, 1.0, 0.75**4), (1.0, 0.0, 1.25**4)):
        out = student.euler_maruyama(drift, zero, x0, t0, t1, 4, student.remote(testmodels.generator, 0))
        out = _tensor(out, (3, 2), F64, "euler_maruyama")
        assert torch.allclose(out, factor * x0, atol=1e-12), (
            f"from t0 = {t0} to t1 = {t1}: expected {factor:.6g} * x0 = {(factor * x0).tolist()}; got {out.tolist()}"
        )


@points(3)
@visibility("visible")
def test_public_vp_marginal_values(student):
    """vp_marginal of t = [0, 0.5, 1] (float64): a_0 = 1, sigma_0 = 0; at t = 1, B = 0.1 + 19.9 / 2 = 10.05 so
    a_1 = exp(-5.025) and sigma_1 = sqrt(1 - exp(-10.05)); a_t^2 + sigma_t^2 = 1."""
    t = torch.tensor([0.0, 0.5, 1.0], dtype=F64)
    out = student.vp_marginal(t)
    assert isinstance(out, tuple | list) and len(out) == 2, "vp_marginal should return the pair (a_t, sigma_t)"
    a, s = _tensor(out[0], (3,), F64, "a_t"), _tensor(out[1], (3,), F64, "sigma_t")
    assert a[0].item() == 1.0 and s[0].item() == 0.0, f"at t = 0: (a, sigma) should be (1, 0); got ({a[0].item()}, {s[0].item()})"
    assert abs(a[2].item() - math.exp(-5.025)) < 1e-12, f"a_1 should be exp(-5.025) = {math.exp(-5.025):.8g}; got {a[2].item():.8g}"
    assert abs(s[2].item() - math.sqrt(1 - math.exp(-10.05))) < 1e-12, f"sigma_1 should be {math.sqrt(1 - math.exp(-10.05)):.10g}; got {s[2].item():.10g}"
    assert torch.allclose(a**2 + s**2, torch.ones(3, dtype=F64), atol=1e-12), f"a^2 + sigma^2 = {(a**2 + s**2).tolist()}, not 1"


@points(4)
@visibility("visible")
def test_public_gmm_score_single_component(student):
    """With one component N(mu, sigma^2 I), gmm_score(x) = -(x - mu) / sigma^2 (shape (B, D), dtype of x)."""
    x = torch.tensor([[0.0, 1.0, 2.0], [-1.0, 0.5, 3.0]], dtype=F64)
    mu = torch.tensor([[1.0, 1.0, -1.0]], dtype=F64)
    out = _tensor(student.gmm_score(x, torch.tensor([1.0], dtype=F64), mu, torch.tensor([0.5], dtype=F64)), (2, 3), F64, "gmm_score")
    want = -(x - mu) / 0.25
    assert torch.allclose(out, want, atol=1e-12), f"expected {want.tolist()}; got {out.tolist()}"
