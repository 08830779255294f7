"""Hidden tests of HW13: annealed Langevin dynamics, and why plain Langevin does not recover mode weights.

Target: the 1-D mixture 0.2 N(-4, 1) + 0.8 N(4, 1), with exact scores (support.MixtureScore, and
support.NoisyMixtureScore for the noised targets). 4000 chains start uniform on [-8, 8].
Annealed Langevin (sigma geometric 10 -> 0.1, 10 levels x 100 steps, eps = 1e-2) puts 0.21 of the chains
in the left mode (measured over seeds: 0.207-0.218); the tolerance 0.2 +- 0.05 covers that bias plus
5 standard errors (0.0063 each). Plain ULA (h = 0.01, 1000 steps, clean score) keeps the initial split:
within 0.03 of the fraction of starting points below 0 (measured: 1-2% of the chains cross).
"""

import math

import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lmcheck import F64, annealed, check_finite, check_tensor, close, max_err, randn, shapes

from autograder import testmodels
from autograder.testing import points, visibility

MIX = {"weights": [0.2, 0.8], "means": [[-4.0], [4.0]], "std": 1.0}
SIGMAS = torch.logspace(1, -1, 10, dtype=F64)


def _uniform_init(n, seed):
    g = torch.Generator().manual_seed(seed)
    return 16 * torch.rand(n, 1, generator=g, dtype=F64) - 8


@points(5)
@visibility("hidden")
@given(bd=shapes(), seed=st.integers(0, 10_000), n_levels=st.integers(1, 4), n_each=st.integers(1, 4),
       eps=st.sampled_from([1e-3, 1e-2, 0.05]), as_tensor=st.booleans())
@example(bd=(3, 3), seed=0, n_levels=3, n_each=2, eps=1e-2, as_tensor=True)
@settings(max_examples=20)
def test_annealed_matches_loop(student, support, bd, seed, n_levels, n_each, eps, as_tensor):
    """annealed_langevin runs, for each sigma_i (largest first), n_each steps x <- x + alpha_i/2 score(x, sigma_i) + sqrt(alpha_i) z with alpha_i = eps sigma_i² / sigma_L² and z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype); sigmas as a list or a tensor (float64, 1e-10)."""
    b, d = bd
    g = torch.Generator().manual_seed(seed)
    mean, var = torch.randn(d, generator=g, dtype=F64), 0.3 + float(torch.rand(1, generator=g, dtype=F64))
    sigmas = sorted((0.05 + 3 * torch.rand(n_levels, generator=g, dtype=F64)).tolist(), reverse=True)
    x0 = randn((b, d), seed + 1, scale=3.0)
    score = student.remote(support.NoisyGaussianScore, mean, var)
    arg = torch.tensor(sigmas, dtype=F64) if as_tensor else sigmas
    got = check_tensor(
        student.annealed_langevin(score, arg, n_each, eps, x0, student.remote(testmodels.generator, seed)),
        (b, d), F64, "annealed_langevin",
    )
    want = annealed(support.NoisyGaussianScore(mean, var), sigmas, n_each, eps, x0, seed)
    assert close(got, want), (
        f"annealed Langevin ({n_levels} levels x {n_each} steps, eps = {eps}) differs from the recursion by {max_err(got, want):.3g}"
    )


@points(3)
@visibility("hidden")
def test_annealed_schedule(student, support):
    """The score is called n_each times per level, in the order given, as score(x, sigma) with sigma a Python float (also when sigmas is a tensor); with a zero score the result is x0 + sum of sqrt(alpha_i) z, alpha_i = eps sigma_i² / sigma_L² (1e-10)."""
    sigmas = [4.0, 2.0, 1.0, 0.5]
    x0 = randn((5, 2), 3)
    want_calls = [("float", s) for s in sigmas for _ in range(3)]
    want = annealed(support.SigmaSpy(0.0), sigmas, 3, 0.01, x0, 9)
    for arg in (sigmas, torch.tensor(sigmas, dtype=F64)):
        what = "a tensor" if isinstance(arg, torch.Tensor) else "a list"
        spy = student.remote(support.SigmaSpy, 0.0)
        got = check_tensor(
            student.annealed_langevin(spy, arg, 3, 0.01, x0, student.remote(testmodels.generator, 9)), (5, 2), F64,
            "annealed_langevin",
        )
        calls = [(kind, value) for kind, value, _ in spy.calls]
        assert calls == want_calls, f"with sigmas as {what} the score was called with (type, sigma) = {calls}; expected {want_calls}"
        assert close(got, want), f"with a zero score the result differs from x0 + sum sqrt(alpha_i) z by {max_err(got, want):.3g}"


@points(6)
@visibility("hidden")
def test_annealed_recovers_mode_weights(student, support):
    """Annealed Langevin with the exact noised scores of 0.2 N(-4, 1) + 0.8 N(4, 1) (sigma 10 -> 0.1 geometric, 10 levels x 100 steps, eps = 1e-2, 4000 chains uniform on [-8, 8]) puts 0.2 +- 0.05 of the chains in the left mode, each mode with spread about 1."""
    n = 4000
    score = student.remote(support.NoisyMixtureScore, **MIX)
    x0 = _uniform_init(n, 5)
    x = student.annealed_langevin(score, SIGMAS, 100, 1e-2, x0, student.remote(testmodels.generator, 6))
    x = check_tensor(x, (n, 1), F64, "annealed_langevin")
    check_finite(x, "annealed Langevin")
    left = float((x < 0).double().mean())
    assert abs(left - 0.2) <= 0.05, (
        f"annealed Langevin put {left:.3f} of the chains in the left mode; the target has weight 0.2 there"
    )
    spread = float(((x.abs() - 4) ** 2).mean())
    assert abs(spread - 1.0) <= 0.15, f"the samples have mean squared distance {spread:.3f} to their mode; expected about 1"


@points(3)
@visibility("hidden")
def test_ula_keeps_initial_mode_split(student, support):
    """Plain ULA with the clean score of 0.2 N(-4, 1) + 0.8 N(4, 1) (h = 0.01, 1000 steps, 4000 chains uniform on [-8, 8]) samples each mode (spread about 1) but keeps the initial split: the fraction in the left mode stays within 0.03 of the fraction that started below 0 -- far from 0.2."""
    n = 4000
    score = student.remote(support.MixtureScore, **MIX)
    x0 = _uniform_init(n, 7)
    x = check_tensor(
        student.langevin_chain(x0, score, 0.01, 1000, student.remote(testmodels.generator, 8)), (n, 1), F64,
        "langevin_chain",
    )
    check_finite(x, "ULA on the mixture")
    start, left = float((x0 < 0).double().mean()), float((x < 0).double().mean())
    assert abs(left - start) <= 0.03, (
        f"ULA moved the fraction of chains in the left mode from {start:.3f} to {left:.3f}: modes 8 apart should not mix"
    )
    spread = float(((x.abs() - 4) ** 2).mean())
    assert abs(spread - 1.0) <= 0.15, f"the samples have mean squared distance {spread:.3f} to their mode; expected about 1"
