"""Hidden tests of HW13: MALA.

Detailed balance is checked without the reference: for pairs of states (x, y), the noise that makes the
proposal from x land on y is handed to mala_step, and the acceptance probability alpha(x, y) is read off
the accept decisions by bisection on u (accepted iff u < alpha), to 1e-13. Then
p(x) q(y|x) alpha(x, y) = p(y) q(x|y) alpha(y, x) must hold, with p and q computed here.
Invariance: from 100000 exact samples of N(0, 2), one step with h = 1 must leave the law N(0, 2):
Kolmogorov-Smirnov distance below 2.7 / sqrt(n) (P ≈ 1e-6 under the null; one ULA step gives 0.02).
"""

import math

import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lmcheck import F64, check_finite, check_tensor, close, ks_normal, ks_threshold, log_q, mala, max_err, randn, shapes

from autograder.testing import points, visibility


def _targets(impl, support, d, seed, kind):
    """((log_p, score) built where impl lives, the same here)."""
    g = torch.Generator().manual_seed(seed)
    if kind == "gaussian":
        mean, var = torch.randn(d, generator=g, dtype=F64), 0.5 + float(torch.rand(1, generator=g, dtype=F64))
        args, cls = (mean, var), (support.GaussianLogDensity, support.GaussianScore)
    else:
        args = ([0.4, 0.6], 1.5 * torch.randn(2, d, generator=g, dtype=F64), 0.9)
        cls = (support.MixtureLogDensity, support.MixtureScore)
    return [impl.remote(c, *args) for c in cls], [c(*args) for c in cls]


def _step(student, x, remote, h, noise, u, what):
    out = student.mala_step(x, *remote, h, noise, u)
    assert isinstance(out, tuple | list) and len(out) == 2, f"{what} should return (x_new, accepted)"
    b, d = x.shape
    return check_tensor(out[0], (b, d), x.dtype, f"{what}: x_new"), check_tensor(out[1], (b,), torch.bool, f"{what}: accepted")


@points(6)
@visibility("hidden")
@given(bd=shapes(), seed=st.integers(0, 10_000), h=st.sampled_from([0.05, 0.5, 2.0]),
       kind=st.sampled_from(["gaussian", "mixture"]))
@example(bd=(3, 3), seed=0, h=0.5, kind="mixture")
@settings(max_examples=25)
def test_mala_step_matches(student, support, bd, seed, h, kind):
    """mala_step proposes y = x + h grad_log_p(x) + sqrt(2h) noise and accepts row by row where u < min(1, p(y) q(x|y) / (p(x) q(y|x))), q(y|x) = N(y; x + h grad_log_p(x), 2h I); x_new is y where accepted, x elsewhere (float64, 1e-12)."""
    b, d = bd
    remote, here = _targets(student, support, d, seed, kind)
    x, noise = randn((b, d), seed + 1, scale=2.0), randn((b, d), seed + 2)
    u = torch.rand(b, generator=torch.Generator().manual_seed(seed + 3), dtype=F64)
    x_new, acc = _step(student, x, remote, h, noise, u, f"mala_step on ({b}, {d})")
    want_x, want_acc, log_alpha = mala(x, *here, h, noise, u)
    assert torch.equal(acc, want_acc), (
        f"accepted is {acc.tolist()}; expected {want_acc.tolist()} (u = {u.tolist()}, "
        f"alpha = {torch.exp(log_alpha.clamp(max=0)).tolist()})"
    )
    assert close(x_new, want_x, 1e-12, 1e-12), f"x_new differs from the MALA update by {max_err(x_new, want_x):.3g}"


def _alpha_by_bisection(student, remote, here, starts, ends, h):
    """alpha(start -> end) for every row, read off the student's accept decisions."""
    noise = (ends - starts - h * here[1](starts)) / math.sqrt(2 * h)
    lo = torch.zeros(starts.shape[0], dtype=F64)
    hi = torch.ones(starts.shape[0], dtype=F64)
    for _ in range(45):
        mid = (lo + hi) / 2
        x_new, acc = _step(student, starts, remote, h, noise, mid, "mala_step")
        assert close(x_new[acc], ends[acc], 1e-9, 1e-9), "an accepted move does not land on the proposal"
        # accepted at mid: mid < alpha; rejected: alpha <= mid
        lo, hi = torch.where(acc, mid, lo), torch.where(acc, hi, mid)
    return (lo + hi) / 2


@points(6)
@visibility("hidden")
def test_mala_detailed_balance(student, support):
    """MALA satisfies detailed balance on pairs of states: the acceptance probabilities read off mala_step's decisions satisfy p(x) q(y|x) alpha(x, y) = p(y) q(x|y) alpha(y, x), and the larger of alpha(x, y), alpha(y, x) is 1 (Metropolis-Hastings) -- 1-D and 2-D mixtures, h = 0.3 and 1 (1e-8 in log space)."""
    for d, h, seed in ((1, 0.3, 1), (2, 1.0, 2), (2, 0.3, 3)):
        remote, here = _targets(student, support, d, seed, "mixture")
        x = randn((400, d), seed + 10, scale=2.0)
        y = x + randn((400, d), seed + 11, scale=0.8)
        log_fwd = here[0](y) + log_q(x, y, here[1], h) - here[0](x) - log_q(y, x, here[1], h)
        keep = log_fwd.abs() < 3  # alpha >= e^-3 both ways: bisection is accurate in log space
        x, y, log_fwd = x[keep][:60], y[keep][:60], log_fwd[keep][:60]
        a_xy = _alpha_by_bisection(student, remote, here, x, y, h)
        a_yx = _alpha_by_bisection(student, remote, here, y, x, h)
        lhs = here[0](x) + log_q(y, x, here[1], h) + torch.log(a_xy)
        rhs = here[0](y) + log_q(x, y, here[1], h) + torch.log(a_yx)
        err = float((lhs - rhs).abs().max())
        assert err <= 1e-8, (
            f"detailed balance fails (d = {d}, h = {h}): log p(x) q(y|x) alpha(x, y) - log p(y) q(x|y) alpha(y, x) "
            f"is up to {err:.3g}"
        )
        top = torch.maximum(a_xy, a_yx)
        assert float((1 - top).abs().max()) <= 1e-9, (
            "for some pair neither move is always accepted: alpha should be min(1, ratio) (Metropolis-Hastings)"
        )


@points(6)
@visibility("hidden")
def test_mala_keeps_gaussian_invariant(student, support):
    """From 100000 exact samples of N(0, 2), one MALA step with the large step h = 1 leaves the law N(0, 2) (Kolmogorov-Smirnov distance below 2.7/sqrt(n)); some but not all proposals are accepted."""
    n = 100_000
    log_p = student.remote(support.GaussianLogDensity, 0.0, 2.0)
    score = student.remote(support.GaussianScore, 0.0, 2.0)
    g = torch.Generator().manual_seed(31)
    x = math.sqrt(2) * torch.randn(n, 1, generator=g, dtype=F64)
    noise = torch.randn(n, 1, generator=g, dtype=F64)
    u = torch.rand(n, generator=g, dtype=F64)
    x_new, acc = _step(student, x, (log_p, score), 1.0, noise, u, "mala_step")
    check_finite(x_new, "mala_step")
    rate = float(acc.double().mean())
    assert 0.05 < rate < 0.999, f"the acceptance rate is {rate:.4f}; MALA with h = 1 on N(0, 2) accepts about 92%"
    ks = ks_normal(x_new[:, 0], 0.0, math.sqrt(2))
    assert ks <= ks_threshold(n), (
        f"after one MALA step from N(0, 2) the samples are {ks:.4f} (KS distance) from N(0, 2); the threshold is "
        f"{ks_threshold(n):.4f}: the step does not leave the target invariant"
    )


@points(4)
@visibility("hidden")
def test_mala_long_run_variance(student, support):
    """A MALA chain (your mala_step looped 100 times, h = 1, 20000 chains from 0) on N(0, 2) reaches mean 0 and variance 2 (unbiased, unlike ULA's 2.667 at this step), within 5 standard errors."""
    n = 20_000
    log_p = student.remote(support.GaussianLogDensity, 0.0, 2.0)
    score = student.remote(support.GaussianScore, 0.0, 2.0)
    out = student.remote(support.mala_chain, student.get("mala_step"), log_p, score, torch.zeros(n, 1, dtype=F64), 1.0, 100, 41)
    x = check_tensor(out[0], (n, 1), F64, "the MALA chain")
    check_finite(x, "the MALA chain")
    se_m, se_v = math.sqrt(2 / n), 2 * math.sqrt(2 / n)
    m, v = float(x.mean()), float(x.var())
    assert abs(m) <= 5 * se_m and abs(v - 2) <= 5 * se_v, (
        f"after 100 MALA steps the chains have mean {m:.4f} and variance {v:.4f}; the target N(0, 2) "
        f"(+-{5 * se_m:.3f}, +-{5 * se_v:.3f})"
    )


@points(2)
@visibility("hidden")
def test_mala_log_space(student, support):
    """The accept test works in log space, so the density may be tiny: 30 standard deviations from the mean of N(30, 1) in 2-D (log p about -900, exp underflows to 0), mala_step gives the decisions and states of the log-space Metropolis-Hastings test, and accepts most proposals (float64, 1e-12)."""
    cls = (support.GaussianLogDensity, support.GaussianScore)
    mean = torch.full((2,), 30.0, dtype=F64)
    remote, here = [student.remote(c, mean, 1.0) for c in cls], [c(mean, 1.0) for c in cls]
    x, noise = randn((8, 2), 1), randn((8, 2), 2)
    u = torch.rand(8, generator=torch.Generator().manual_seed(3), dtype=F64)
    assert float(here[0](x).max()) < -800  # the set-up: p(x) underflows to 0
    x_new, acc = _step(student, x, remote, 0.01, noise, u, "mala_step far from the mode")
    want_x, want_acc, _ = mala(x, *here, 0.01, noise, u)
    assert torch.equal(acc, want_acc), f"far from the mode accepted is {acc.tolist()}; expected {want_acc.tolist()}"
    assert close(x_new, want_x, 1e-12, 1e-12), f"far from the mode x_new differs from the MALA update by {max_err(x_new, want_x):.3g}"
    assert int(want_acc.sum()) >= 4  # the set-up: most proposals are accepted
