"""Hidden tests of HW13: ULA steps and chains.

Stationary statistics: ULA on N(m, s²) is the AR(1) chain x' - m = rho (x - m) + sqrt(2h) xi, rho = 1 - h/s²,
whose law after n steps from x0 is exactly Gaussian with mean m + rho^n (x0 - m) and variance
v_inf (1 - rho^(2n)), v_inf = 2h / (1 - rho²). The tests compare sample moments with these closed forms
within 5 standard errors (SE of the mean sqrt(v / N), of the variance v sqrt(2 / N)).
"""

import math

import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lmcheck import F64, chain, check_finite, check_tensor, close, max_err, randn, shapes

from autograder import testmodels
from autograder.testing import points, visibility


def _target(impl, support, d, seed, kind):
    """(score built where impl lives, the same score here)."""
    g = torch.Generator().manual_seed(seed)
    if kind == "gaussian":
        mean = torch.randn(d, generator=g, dtype=F64)
        var = 0.5 + float(torch.rand(1, generator=g, dtype=F64))
        return impl.remote(support.GaussianScore, mean, var), support.GaussianScore(mean, var)
    w = [0.3, 0.7]
    means = 2 * torch.randn(2, d, generator=g, dtype=F64)
    return impl.remote(support.MixtureScore, w, means, 0.8), support.MixtureScore(w, means, 0.8)


@points(5)
@visibility("hidden")
@given(bd=shapes(), seed=st.integers(0, 10_000), h=st.floats(0.01, 2.0), kind=st.sampled_from(["gaussian", "mixture"]))
@example(bd=(3, 3), seed=0, h=0.3, kind="gaussian")
@settings(max_examples=25)
def test_ula_step_formula(student, support, bd, seed, h, kind):
    """ula_step(x, grad_log_p, h, noise) = x + h grad_log_p(x) + sqrt(2h) noise, for Gaussian and mixture targets, any (B, D) (float64, 1e-12)."""
    b, d = bd
    remote, here = _target(student, support, d, seed, kind)
    x, noise = randn((b, d), seed + 1, scale=2.0), randn((b, d), seed + 2)
    got = check_tensor(student.ula_step(x, remote, h, noise), (b, d), F64, f"ula_step on ({b}, {d})")
    want = x + h * here(x) + math.sqrt(2 * h) * noise
    assert close(got, want, 1e-12, 1e-12), (
        f"ula_step differs from x + h grad_log_p(x) + sqrt(2h) noise by up to {max_err(got, want):.3g} (h = {h:.4g})"
    )


@points(6)
@visibility("hidden")
def test_ula_stationary_variance(student, support):
    """ULA on N(1, 2) from x0 = 0 (100000 chains, 60 steps, seeded generator) has mean 1 and the biased variance 2h / (1 - (1 - h/2)²): 2.162 for h = 0.3 and 2.667 for h = 1 -- not 2 -- within 5 standard errors."""
    n, m, s2 = 100_000, 1.0, 2.0
    score = student.remote(support.GaussianScore, m, s2)
    for h, seed in ((0.3, 1), (1.0, 2)):
        x = student.langevin_chain(torch.zeros(n, 1, dtype=F64), score, h, 60, student.remote(testmodels.generator, seed))
        x = check_tensor(x, (n, 1), F64, f"langevin_chain(h = {h})")
        check_finite(x, f"ULA with h = {h}")
        rho = 1 - h / s2
        v = 2 * h / (1 - rho**2) * (1 - rho**120)
        mean = m * (1 - rho**60)
        se_m, se_v = math.sqrt(v / n), v * math.sqrt(2 / n)
        got_m, got_v = float(x.mean()), float(x.var())
        assert abs(got_m - mean) <= 5 * se_m, (
            f"ULA with h = {h}: the chains have mean {got_m:.4f}; the stationary mean is {mean:.4f} (+-{5 * se_m:.3f})"
        )
        assert abs(got_v - v) <= 5 * se_v, (
            f"ULA with h = {h}: the chains have variance {got_v:.4f}; ULA's stationary variance is "
            f"2h / (1 - (1 - h/s²)²) = {v:.4f} (+-{5 * se_v:.3f})"
        )


@points(6)
@visibility("hidden")
@given(bd=shapes(), seed=st.integers(0, 10_000), h=st.floats(0.01, 0.5), n=st.integers(0, 12),
       kind=st.sampled_from(["gaussian", "mixture"]))
@example(bd=(2, 2), seed=1, h=0.1, n=5, kind="mixture")
@example(bd=(3, 1), seed=2, h=0.2, n=0, kind="gaussian")
@settings(max_examples=20)
def test_langevin_chain_matches_loop(student, support, bd, seed, h, n, kind):
    """langevin_chain is n_steps ULA steps with noise torch.randn(x0.shape, generator=generator, dtype=x0.dtype) drawn once per step; return_all gives all n_steps + 1 states, x0 first; n_steps = 0 returns x0 (float64, 1e-10)."""
    b, d = bd
    remote, here = _target(student, support, d, seed, kind)
    x0 = randn((b, d), seed + 3, scale=2.0)
    want = chain(x0, here, h, n, seed)
    got = check_tensor(
        student.langevin_chain(x0, remote, h, n, student.remote(testmodels.generator, seed)), (b, d), F64,
        f"langevin_chain({n} steps)",
    )
    assert close(got, want[-1]), f"after {n} steps the chain differs from the ULA recursion by {max_err(got, want[-1]):.3g}"
    allx = check_tensor(
        student.langevin_chain(x0, remote, h, n, student.remote(testmodels.generator, seed), return_all=True),
        (n + 1, b, d), F64, f"langevin_chain({n} steps, return_all=True)",
    )
    assert close(allx, want), f"the states with return_all=True differ from the ULA recursion by {max_err(allx, want):.3g}"


@points(3)
@visibility("hidden")
def test_langevin_chain_generator(student, support):
    """The chain draws only from its generator: the same seed gives the same chain whatever the global random state; with generator=None it draws from torch's global generator (seeded 7: the chain of a generator seeded 7)."""
    here = support.GaussianScore(0.5, 1.5)
    score = student.remote(support.GaussianScore, 0.5, 1.5)
    x0 = randn((4, 3), 5)
    want = chain(x0, here, 0.2, 10, 11)[-1]
    student.remote(testmodels.reseed_global, 1)
    a = student.langevin_chain(x0, score, 0.2, 10, student.remote(testmodels.generator, 11))
    student.remote(testmodels.reseed_global, 2)
    b = student.langevin_chain(x0, score, 0.2, 10, student.remote(testmodels.generator, 11))
    a = check_tensor(a, (4, 3), F64, "langevin_chain")
    assert torch.equal(a, check_tensor(b, (4, 3), F64, "langevin_chain")), "the chain changes with the global random state"
    assert close(a, want), "the chain is not the ULA recursion with the generator's noise"
    student.remote(testmodels.reseed_global, 7)
    c = check_tensor(student.langevin_chain(x0, score, 0.2, 10, None), (4, 3), F64, "langevin_chain(generator=None)")
    assert close(c, chain(x0, here, 0.2, 10, 7)[-1]), (
        "with generator=None after torch.manual_seed(7) the chain is not the one of a generator seeded 7"
    )
