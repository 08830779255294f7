"""Hidden tests of HW13: the score of an energy (its input gradient), and the CD loss."""

import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lmcheck import F64, check_tensor, close, max_err, randn, shapes

from autograder import testmodels
from autograder.testing import points, visibility


@points(4)
@visibility("hidden")
@given(bd=shapes(), seed=st.integers(0, 10_000))
@example(bd=(3, 3), seed=0)
@settings(max_examples=20)
def test_energy_grad_quadratic(student, support, bd, seed):
    """energy_grad of E(x) = 1/2 x^T P x is 1/2 (P + P^T) x row by row (P x for symmetric P), for any (B, D) (float64, 1e-12)."""
    b, d = bd
    p = randn((d, d), seed)
    x = randn((b, d), seed + 1, scale=2.0)
    got = check_tensor(student.energy_grad(student.remote(support.QuadraticEnergy, p), x), (b, d), F64, "energy_grad")
    want = x @ (0.5 * (p + p.T))
    assert close(got, want, 1e-12, 1e-12), f"energy_grad of 1/2 x^T P x is off by {max_err(got, want):.3g}"


@points(4)
@visibility("hidden")
def test_energy_grad_mlp_detached(student, support):
    """energy_grad of an MLP energy is its input gradient (autograd, row by row), returned detached, with no gradient accumulated into the energy's parameters, also when called under torch.no_grad() (float64, 1e-10)."""
    fn = student.get("energy_grad")
    for d, seed in ((3, 1), (2, 2)):
        here = support.MLPEnergy(d, 16, seed)
        energy = student.remote(support.MLPEnergy, d, 16, seed)
        x = randn((d, d), seed + 5) if seed == 1 else randn((6, d), seed + 5)
        xx = x.clone().requires_grad_(True)
        (want,) = torch.autograd.grad(here(xx).sum(), xx)
        for no_grad in (False, True):
            g, needs, touched, x_clean = student.remote(support.energy_grad_report, fn, energy, x, no_grad)
            where = " under torch.no_grad()" if no_grad else ""
            g = check_tensor(g, tuple(x.shape), F64, f"energy_grad{where}")
            assert close(g, want), f"energy_grad{where} differs from the input gradient by {max_err(g, want):.3g}"
            assert not needs, f"energy_grad{where} returns a tensor that still requires grad (not detached)"
            assert not any(touched), f"energy_grad{where} accumulated gradients into the energy's parameters"
            assert x_clean, f"energy_grad{where} left a .grad on its input x"


def _cd_cases(support):
    g = torch.Generator().manual_seed(3)
    return [
        (support.ScaledQuadraticEnergy, (1.5,), torch.randn(6, 2, generator=g, dtype=F64), 2 * torch.randn(4, 2, generator=g, dtype=F64)),
        (support.MLPEnergy, (3, 8, 4), torch.randn(3, 3, generator=g, dtype=F64), torch.randn(5, 3, generator=g, dtype=F64)),
    ]


def _trusted_cd(energy, xd, xm, alpha):
    ed, em = energy(xd), energy(xm)
    return ed.mean() - em.mean() + alpha * ((ed**2).mean() + (em**2).mean())


@points(3)
@visibility("hidden")
def test_cd_loss_value(student, support):
    """cd_loss = mean E(x_data) - mean E(x_model) + alpha_reg (mean E(x_data)² + mean E(x_model)²), a scalar, for batches of different sizes; alpha_reg defaults to 0 (float64, 1e-12)."""
    for cls, args, xd, xm in _cd_cases(support):
        for alpha in (0.0, 0.1):
            got = check_tensor(student.cd_loss(student.remote(cls, *args), xd, xm, alpha), (), F64, "cd_loss")
            want = _trusted_cd(cls(*args), xd, xm, alpha).detach()
            assert abs(float(got) - float(want)) <= 1e-12 * (1 + abs(float(want))), (
                f"cd_loss ({cls.__name__}, alpha_reg = {alpha}) is {float(got):.12g}; expected {float(want):.12g}"
            )
        got = check_tensor(student.cd_loss(student.remote(cls, *args), xd, xm), (), F64, "cd_loss (default alpha_reg)")
        want = _trusted_cd(cls(*args), xd, xm, 0.0).detach()
        assert abs(float(got) - float(want)) <= 1e-12 * (1 + abs(float(want))), (
            f"cd_loss ({cls.__name__}) with the default alpha_reg is {float(got):.12g}; expected {float(want):.12g} (alpha_reg = 0)"
        )


@points(4)
@visibility("hidden")
def test_cd_gradient_sign(student, support):
    """For E_a(x) = 1/2 sum_j a_j x_j², the gradient of cd_loss in a is 1/2 (mean x_data² - mean x_model²) per coordinate: negative where the samples are wider than the data, and exactly 0 when their second moments match (1e-12)."""
    fn = student.get("cd_loss")
    g = torch.Generator().manual_seed(11)
    xd = torch.randn(50, 3, generator=g, dtype=F64)
    wide = xd[torch.randperm(50, generator=g)] * torch.tensor([2.0, 0.5, 1.0], dtype=F64)
    for xm, what in ((wide, "wider/narrower samples"), (-xd.flip(0), "samples with the data's moments")):
        energy = student.remote(testmodels.Quadratic, torch.ones(3, dtype=F64))
        loss, grads, _ = student.remote(support.cd_loss_and_grads, fn, energy, xd, xm, 0.0)
        assert len(grads) == 1 and grads[0] is not None, "cd_loss does not back-propagate to the energy's parameters"
        grad = check_tensor(grads[0], (3,), F64, "the gradient of cd_loss")
        want = 0.5 * ((xd**2).mean(0) - (xm**2).mean(0))
        assert close(grad, want, 1e-12, 1e-12), (
            f"with {what} the CD gradient is {grad.tolist()}; expected 1/2 (mean x_data² - mean x_model²) = {want.tolist()}"
        )
    assert float(0.5 * ((xd**2).mean(0) - (wide**2).mean(0))[0]) < 0  # the set-up: coordinate 0 is wider


@points(3)
@visibility("hidden")
def test_cd_no_grad_through_samples(student, support):
    """No gradient flows into x_model (it is treated as a constant), and the parameters get the gradient of the CD loss, regulariser included (float64, 1e-10)."""
    fn = student.get("cd_loss")
    for cls, args, xd, xm in _cd_cases(support):
        for alpha in (0.0, 0.3):
            loss, grads, xm_grad = student.remote(support.cd_loss_and_grads, fn, student.remote(cls, *args), xd, xm, alpha)
            assert xm_grad is None, f"a gradient reached x_model ({cls.__name__}): the samples should be detached"
            here = cls(*args)
            params = [p for _, p in sorted(here.named_parameters(), key=lambda kv: kv[0])]
            want = torch.autograd.grad(_trusted_cd(here, xd, xm, alpha), params)
            assert len(grads) == len(want) and all(gr is not None for gr in grads), (
                "cd_loss does not back-propagate to every parameter of the energy"
            )
            for gr, w in zip(grads, want, strict=True):
                gr = check_tensor(gr, tuple(w.shape), F64, "a parameter gradient")
                assert close(gr, w), f"the parameter gradients of cd_loss ({cls.__name__}, alpha_reg = {alpha}) are off by {max_err(gr, w):.3g}"
