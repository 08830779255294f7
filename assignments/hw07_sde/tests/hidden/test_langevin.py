"""Hidden tests of HW07: the Langevin correction step."""

import math

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from sdecheck import F64, batch_dims, expect_tensor, full_t, max_err, randn, vp_closed

from autograder.testing import points


@points(3)
@given(bd=batch_dims(), t=st.floats(1e-3, 1.0), step=st.floats(1e-4, 0.5), seed=st.integers(0, 2**16))
@settings(max_examples=20)
def test_langevin_step_formula(student, support, bd, t, step, seed):
    """langevin_step(score, x, t, step_size, z) = x + step_size * score(x, t) + sqrt(2 step_size) z, with the score
    called at t as a tensor of shape (B,) (B == D included)."""
    b, d = bd
    x, z = randn((b, d), seed, scale=2.0), randn((b, d), seed + 1)
    model = student.remote(support.ScoreMLP, d, seed=seed % 100)
    got = expect_tensor(student.langevin_step(model, x, t, step, z), (b, d), F64, "langevin_step")
    with torch.no_grad():
        s = support.ScoreMLP(d, seed=seed % 100)(x, full_t(x, t))
    want = x + step * s + math.sqrt(2 * step) * z
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-11), f"t = {t:.4g}, step_size = {step:.4g}: off by {max_err(got, want):.3g}"


@points(3)
def test_langevin_chain_stationary(student, support):
    """Repeated Langevin steps with the exact score of p_t (N(m, s^2) data, t = 0.3) forget their start and reach the
    chain's stationary law N(a_t m, v / (1 - eps / (2 v))), v = a_t^2 s^2 + sigma_t^2 (eps = 0.2 v, 150 steps, 20000
    chains started at 3): mean and variance within 5 standard errors."""
    n, t, m, s = 20000, 0.3, 1.0, 0.5
    a, sig = (v.item() for v in vp_closed(torch.tensor(t, dtype=F64)))
    v = a * a * s * s + sig * sig
    eps = 0.2 * v
    x0 = torch.full((n, 1), 3.0, dtype=F64)
    score = student.remote(support.GaussianScore, m, s)
    x = student.remote(support.langevin_chain, student.get("langevin_step"), score, x0, t, eps, 150, 7)
    x = expect_tensor(x, (n, 1), F64, "150 Langevin steps")
    var_stat = v / (1 - eps / (2 * v))
    mean, var = x.mean().item(), x.var().item()
    assert abs(mean - a * m) <= 5 * math.sqrt(var_stat / n), f"Langevin chains: mean {mean:.4f}; expected a_t m = {a * m:.4f}"
    tol = 5 * var_stat * math.sqrt(2 / (n - 1))
    assert abs(var - var_stat) <= tol, (
        f"Langevin chains: variance {var:.4f}; the chain's stationary variance is v / (1 - eps/(2v)) = {var_stat:.4f} (tolerance {tol:.3g})"
    )


@points(1)
def test_langevin_calling_convention(student, support):
    """langevin_step calls score(x, t) once, with t = torch.full((B,), t, dtype=x.dtype), and uses the z it is given:
    with the score s(x) = -x / 2 it returns x + step_size s + sqrt(2 step_size) z."""
    x, z = randn((3, 2), 0), randn((3, 2), 1)
    spy = student.remote(support.SpyScore, -0.5)
    got = expect_tensor(student.langevin_step(spy, x, 0.3, 0.1, z), (3, 2), F64, "langevin_step")
    calls = spy.calls
    assert len(calls) == 1, f"langevin_step called the score {len(calls)} times; expected once"
    tdtype, tshape, tvals, xvals = calls[0]
    assert tdtype == "float64" and tuple(tshape) == (3,) and all(abs(v - 0.3) <= 1e-15 for v in tvals), (
        f"langevin_step(score, x, t = 0.3, ...) should call score(x, t) with t = torch.full((3,), 0.3, dtype=x.dtype); "
        f"got {tdtype} {tshape} {tvals}"
    )
    assert torch.allclose(torch.tensor(xvals, dtype=F64), x, rtol=0, atol=0), "the score should be called at x itself"
    want = x + 0.1 * (-0.5 * x) + math.sqrt(0.2) * z
    assert torch.allclose(got, want, rtol=1e-12, atol=1e-12), f"langevin_step: off by {max_err(got, want):.3g}"
