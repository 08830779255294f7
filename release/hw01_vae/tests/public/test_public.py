"""Public checks of HW01 (students get this file; run it with `autograder check`).

They look at shapes and at a few fixed examples; the hidden tests check the same properties
over many shapes, seeds and dtypes, plus the properties listed in the notebook (gradients,
tightness of the ELBO on probabilistic PCA, IWAE increasing with K, extreme values).
"""

import math

import torch

from autograder.testing import points, visibility

F64 = torch.float64


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t.detach()


@points(2)
@visibility("visible")
def test_public_reparameterize(student):
    """reparameterize(mu, logvar, eps) = mu + sigma * eps with sigma = exp(logvar / 2)."""
    mu = torch.tensor([[0.0, 1.0], [2.0, -1.0]], dtype=F64)
    logvar = torch.tensor([[0.0, math.log(4.0)], [math.log(0.25), 0.0]], dtype=F64)
    eps = torch.tensor([[1.0, 1.0], [2.0, -3.0]], dtype=F64)
    z = _tensor(student.reparameterize(mu, logvar, eps), (2, 2), F64, "reparameterize(mu, logvar, eps)")
    expected = torch.tensor([[1.0, 3.0], [3.0, -4.0]], dtype=F64)
    assert torch.allclose(z, expected, atol=1e-12), f"reparameterize gave {z.tolist()}; expected {expected.tolist()}"


@points(3)
@visibility("visible")
def test_public_kl_standard_normal(student):
    """KL(N(mu, diag(exp(logvar))) ‖ N(0, I)) = ½ Σ_j (exp(logvar_j) + mu_j² − 1 − logvar_j), one value per row; 0 for mu = 0, logvar = 0."""
    mu = torch.tensor([[0.0, 0.0], [1.0, 2.0], [0.0, -1.0]], dtype=F64)
    logvar = torch.tensor([[0.0, 0.0], [0.0, 0.0], [math.log(2.0), 0.0]], dtype=F64)
    kl = _tensor(student.kl_diag_gaussians(mu, logvar), (3,), F64, "kl_diag_gaussians(mu, logvar)")
    expected = torch.tensor([0.0, 2.5, 0.5 * (2.0 - 1.0 - math.log(2.0)) + 0.5], dtype=F64)
    assert torch.allclose(kl, expected, atol=1e-12), f"kl_diag_gaussians gave {kl.tolist()}; expected {expected.tolist()}"


@points(2)
@visibility("visible")
def test_public_gaussian_log_likelihood(student):
    """gaussian_log_likelihood sums log N(x_i; mean_i, exp(logvar)) over the coordinates of each data point, constants included."""
    x = torch.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], dtype=F64)
    mean = torch.tensor([[1.0, 2.0, 3.0], [1.0, -1.0, 2.0]], dtype=F64)
    ll = _tensor(student.gaussian_log_likelihood(x, mean), (2,), F64, "gaussian_log_likelihood(x, mean)")
    c = -0.5 * math.log(2 * math.pi)
    expected = torch.tensor([3 * c, 3 * c - 0.5 * (1 + 1 + 4)], dtype=F64)
    assert torch.allclose(ll, expected, atol=1e-12), f"gaussian_log_likelihood gave {ll.tolist()}; expected {expected.tolist()}"
    ll = _tensor(student.gaussian_log_likelihood(x, mean, math.log(4.0)), (2,), F64, "gaussian_log_likelihood(x, mean, log 4)")
    expected = torch.tensor([3 * c - 1.5 * math.log(4.0), 3 * c - 1.5 * math.log(4.0) - 0.5 * 6 / 4], dtype=F64)
    assert torch.allclose(ll, expected, atol=1e-12), (
        f"with logvar = log 4, gaussian_log_likelihood gave {ll.tolist()}; expected {expected.tolist()}"
    )


@points(3)
@visibility("visible")
def test_public_elbo_and_iwae_shapes(student, support):
    """negative_elbo returns three scalars (nelbo, rec, kl) with nelbo = rec + kl, and kl is the batch mean of KL(q(z|x) ‖ N(0, I)); iwae_bound returns one value per data point, shape (B,)."""
    weight = torch.tensor([[1.0, 0.0, 0.5], [0.0, -1.0, 0.2]], dtype=F64)  # (dz, D)
    bias = torch.tensor([0.1, -0.2], dtype=F64)
    logvar = torch.tensor([-1.0, 0.5], dtype=F64)
    encoder = student.remote(support.AffineEncoder, weight, bias, logvar)
    decoder = student.remote(support.LinearDecoder, weight.T.clone(), torch.zeros(3, dtype=F64))
    x = torch.tensor([[1.0, 2.0, 0.0], [0.0, -1.0, 1.0], [2.0, 0.0, 0.0], [0.5, 0.5, 0.5]], dtype=F64)
    eps = torch.linspace(-1.5, 1.5, 3 * 4 * 2, dtype=F64).reshape(3, 4, 2)
    out = student.negative_elbo(x, encoder, decoder, eps)
    assert isinstance(out, tuple) and len(out) == 3, "negative_elbo should return a tuple (nelbo, rec, kl)"
    nelbo, rec, kl = (_tensor(v, (), F64, name) for v, name in zip(out, ("nelbo", "rec", "kl"), strict=True))
    assert abs(float(nelbo - rec - kl)) <= 1e-10, f"nelbo = {float(nelbo)} but rec + kl = {float(rec + kl)}"
    mu = x @ weight.T + bias
    want_kl = (0.5 * (logvar.exp() + mu**2 - 1 - logvar)).sum(1).mean()
    assert abs(float(kl - want_kl)) <= 1e-10, f"kl = {float(kl):.8g}; expected {float(want_kl):.8g}"
    _tensor(student.iwae_bound(x, encoder, decoder, eps), (4,), F64, "iwae_bound(x, encoder, decoder, eps)")
