"""Public checks of HW13 (students get this file; run it with `autograder check`).

Small examples worked out by hand; the hidden tests check the same properties over many shapes,
step sizes and targets, plus the statistical properties listed in the notebook.
"""

import torch

from autograder.testing import points, visibility

F64 = torch.float64


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t.detach()


@points(3)
@visibility("visible")
def test_public_ula_step(student, support):
    """ula_step on N(0, 1) with h = 0.5: x + 0.5 (-x) + sqrt(2 * 0.5) noise = x / 2 + noise."""
    score = student.remote(support.GaussianScore, 0.0, 1.0)
    x = torch.tensor([[2.0, -1.0], [0.5, 4.0], [1.0, 1.0]], dtype=F64)
    noise = torch.tensor([[0.1, 0.2], [-0.3, 0.0], [1.0, -1.0]], dtype=F64)
    got = _tensor(student.ula_step(x, score, 0.5, noise), (3, 2), F64, "ula_step(x, score, 0.5, noise)")
    want = x / 2 + noise
    assert torch.allclose(got, want, atol=1e-12), f"ula_step gave {got.tolist()}; expected {want.tolist()}"


@points(3)
@visibility("visible")
def test_public_mala_step_accept_reject(student, support):
    """MALA on N(0, 1), h = 0.5, from x = 0 with noise 3: the proposal is y = 3 and alpha = exp(-1.125) = 0.3247; u = 0.3 accepts (x_new = 3), u = 0.35 rejects (x_new = 0)."""
    log_p = student.remote(support.GaussianLogDensity, 0.0, 1.0)
    score = student.remote(support.GaussianScore, 0.0, 1.0)
    x = torch.zeros(2, 1, dtype=F64)
    noise = torch.full((2, 1), 3.0, dtype=F64)
    u = torch.tensor([0.3, 0.35], dtype=F64)
    out = student.mala_step(x, log_p, score, 0.5, noise, u)
    assert isinstance(out, tuple) and len(out) == 2, "mala_step should return (x_new, accepted)"
    x_new = _tensor(out[0], (2, 1), F64, "x_new")
    acc = _tensor(out[1], (2,), torch.bool, "accepted")
    assert acc.tolist() == [True, False], f"accepted is {acc.tolist()}; expected [True, False]"
    assert torch.allclose(x_new, torch.tensor([[3.0], [0.0]], dtype=F64), atol=1e-12), (
        f"x_new is {x_new.tolist()}; expected [[3.0], [0.0]]"
    )


@points(4)
@visibility("visible")
def test_public_energy_grad_and_cd_loss(student, support):
    """energy_grad of E(x) = 1/2 x^T P x (P symmetric) is x P; cd_loss of E(x) = 1/2 theta |x|^2 (theta = 2) is mean E(x_data) - mean E(x_model) = mean |x_data|^2 - mean |x_model|^2."""
    p = torch.tensor([[2.0, 0.5], [0.5, 1.0]], dtype=F64)
    energy = student.remote(support.QuadraticEnergy, p)
    x = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, -2.0]], dtype=F64)
    g = _tensor(student.energy_grad(energy, x), (3, 2), F64, "energy_grad(energy, x)")
    assert torch.allclose(g, x @ p, atol=1e-12), f"energy_grad gave {g.tolist()}; expected {(x @ p).tolist()}"
    scaled = student.remote(support.ScaledQuadraticEnergy, 2.0)
    x_data = torch.tensor([[1.0, 1.0], [0.0, 2.0]], dtype=F64)
    x_model = torch.tensor([[3.0, 0.0], [1.0, 0.0], [0.0, 0.0]], dtype=F64)
    loss = _tensor(student.cd_loss(scaled, x_data, x_model), (), F64, "cd_loss (a scalar)")
    want = 3.0 - 10.0 / 3.0
    assert abs(float(loss) - want) <= 1e-12, f"cd_loss gave {float(loss):.10g}; expected {want:.10g}"
