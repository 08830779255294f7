"""Public checks of HW04 (students get this file; run it with `autograder check`).

They look at shapes and at a few fixed examples; the hidden tests check the same properties
over many fields, shapes, probes, step counts and dtypes, plus the properties listed in the notebook.
"""

import torch

from autograder import testmodels
from autograder.testing import points, visibility

F64 = torch.float64


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), (
        f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    )
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t.detach()


@points(3)
@visibility("visible")
def test_public_divergence_linear(student, support):
    """For the linear field u(x, t) = x Aᵀ, divergence_exact is tr A at every point (not the sum of all entries of A)."""
    A = torch.tensor([[1.0, 2.0, -1.0], [0.5, -3.0, 0.0], [4.0, 1.0, 0.5]], dtype=F64)
    u = student.remote(support.LinearField, A)
    x = torch.linspace(-2, 2, 12, dtype=F64).reshape(4, 3)
    t = torch.tensor([[0.0], [0.3], [0.6], [1.0]], dtype=F64)
    div = _tensor(student.divergence_exact(u, x, t), (4,), F64, "divergence_exact(u, x, t)")
    assert torch.allclose(div, torch.full((4,), -1.5, dtype=F64), atol=1e-10), (
        f"divergence_exact gave {div.tolist()}; tr A = -1.5 at every point"
    )


@points(2)
@visibility("visible")
def test_public_probe_values(student):
    """sample_probe((5, 3), 'rademacher', generator) has shape (5, 3), the default dtype, and entries in {-1, +1}."""
    z = student.sample_probe((5, 3), "rademacher", student.remote(testmodels.generator, 0))
    z = _tensor(z, (5, 3), torch.get_default_dtype(), "sample_probe((5, 3), 'rademacher', generator)")
    assert bool(((z == 1) | (z == -1)).all()), f"a Rademacher probe has entries ±1; got {z.tolist()}"


@points(2)
@visibility("visible")
def test_public_hutchinson_linear(student, support):
    """For u(x, t) = x Aᵀ and a given probe z, hutchinson_divergence returns zᵀ A z for every row."""
    A = torch.tensor([[1.0, 2.0], [-1.0, 3.0]], dtype=F64)
    u = student.remote(support.LinearField, A)
    x = torch.tensor([[0.5, 1.0], [2.0, -1.0], [0.0, 0.0]], dtype=F64)
    t = torch.zeros(3, 1, dtype=F64)
    z = torch.tensor([[1.0, 1.0], [1.0, -1.0], [2.0, 0.5]], dtype=F64)
    est = _tensor(student.hutchinson_divergence(u, x, t, z), (3,), F64, "hutchinson_divergence")
    expected = torch.einsum("bi,ij,bj->b", z, A, z)
    assert torch.allclose(est, expected, atol=1e-10), (
        f"hutchinson_divergence gave {est.tolist()}; zᵀ A z = {expected.tolist()}"
    )


@points(3)
@visibility("visible")
def test_public_odeint_constant_field(student, support):
    """With a constant field v, odeint moves every point by (t1 - t0) v, with Euler and RK4, forwards and backwards."""
    v = torch.tensor([1.0, -2.0], dtype=F64)
    u = student.remote(support.TimePolynomialField, [1.0], v)
    x0 = torch.tensor([[0.0, 0.0], [1.0, 2.0], [-1.0, 0.5]], dtype=F64)
    for method in ("euler", "rk4"):
        for t0, t1, n in ((0.0, 1.0, 4), (1.0, 0.0, 3)):
            got = _tensor(
                student.odeint(u, x0, t0, t1, n, method=method),
                (3, 2),
                F64,
                f"odeint(u, x0, {t0}, {t1}, {n}, method={method!r})",
            )
            expected = x0 + (t1 - t0) * v
            assert torch.allclose(got, expected, atol=1e-12), (
                f"odeint from t0 = {t0} to t1 = {t1} with {method} gave {got.tolist()}; expected x0 + (t1 - t0) v = "
                f"{expected.tolist()}"
            )
