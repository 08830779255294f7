"""Hidden tests of HW07: sample_reverse, exactly (against the scheme) and statistically (exact scores, no training).

Statistical tests: data N(m, diag(s^2)) with m = (1, -2), s = (0.4, 0.3), whose exact score at every t is
support.GaussianScore (200 steps), and a two-component mixture whose exact score is built from your gmm_score (100
steps); 10000 samples. The sampler's own bias on these problems, measured on 1e5 samples, is below 0.005 (Gaussian, 200
steps) and 0.01 (mixture, 100 steps) for every statistic checked; tolerances are 5 standard errors plus at least that.
"""

import math

import torch
from sdecheck import F32, F64, expect_tensor, f32_ok, max_err, randn, trusted_sample

from autograder import testmodels
from autograder.testing import points

M = torch.tensor([1.0, -2.0], dtype=F64)
S = torch.tensor([0.4, 0.3], dtype=F64)
N, STEPS = 10000, 200


def _x_T(seed, n=N, d=2, dtype=F64):
    return torch.randn(n, d, generator=torch.Generator().manual_seed(seed), dtype=F64).to(dtype)


@points(3)
def test_sample_reverse_ode_is_euler_on_pf_drift(student, support):
    """ode=True integrates the probability-flow ODE from t = 1 down to t_eps with n_steps Euler steps (score evaluated at
    t_k = 1 + k (t_eps - 1)/n): it matches that chain computed step by step (t_eps = 1e-3 and 0.1, float64 and float32),
    and is deterministic (the generator does not change it)."""
    for n, t_eps, dtype, shape in [(7, 1e-3, F64, (4, 4)), (3, 0.1, F64, (5, 2)), (5, 1e-3, F32, (3, 2))]:
        d = shape[1]
        model = student.remote(support.ScoreMLP, d, seed=n, dtype=str(dtype)[6:])
        x_T = randn(shape, n, dtype)
        got = student.sample_reverse(model, x_T, n, True, student.remote(testmodels.generator, 1), t_eps)
        got = expect_tensor(got, shape, dtype, f"sample_reverse(ode=True) on {str(dtype)[6:]}")
        again = student.sample_reverse(model, x_T, n, True, student.remote(testmodels.generator, 2), t_eps)
        assert torch.equal(got, again), "sample_reverse(ode=True) depends on the generator: the PF-ODE is deterministic"
        want = trusted_sample(support.ScoreMLP(d, seed=n), x_T.to(F64), n, True, seed=0, t_eps=t_eps)
        ok = max_err(got, want) <= 1e-10 if dtype == F64 else f32_ok(got, want)
        assert ok, f"n_steps = {n}, t_eps = {t_eps}: sample_reverse(ode=True) differs from the Euler chain by {max_err(got, want):.3g}"


@points(3)
def test_sample_reverse_sde_is_em_on_reverse_drift(student, support):
    """ode=False is your Euler-Maruyama scheme on the reverse SDE from t = 1 down to t_eps: drift f - g^2 s, diffusion
    sqrt(beta(t)), one z per step from the generator; it matches that chain computed step by step (t_eps = 1e-3 and 0.1)."""
    for n, t_eps, shape, seed in [(6, 1e-3, (4, 4), 3), (4, 0.1, (5, 2), 4)]:
        d = shape[1]
        model = student.remote(support.ScoreMLP, d, seed=seed)
        x_T = randn(shape, seed)
        got = student.sample_reverse(model, x_T, n, False, student.remote(testmodels.generator, seed), t_eps)
        got = expect_tensor(got, shape, F64, "sample_reverse(ode=False)")
        want = trusted_sample(support.ScoreMLP(d, seed=seed), x_T, n, False, seed=seed, t_eps=t_eps)
        assert torch.allclose(got, want, rtol=1e-9, atol=1e-10), (
            f"n_steps = {n}, t_eps = {t_eps}: sample_reverse(ode=False) differs from the Euler-Maruyama chain by {max_err(got, want):.3g}"
        )


def _moments_ok(x, what, tol_mean=0.05, tol_std=0.05):
    x = expect_tensor(x, (N, 2), F64, what)
    se_mean, se_std = S.max().item() / math.sqrt(N), S.max().item() / math.sqrt(2 * (N - 1))
    assert 5 * se_mean + 0.005 <= tol_mean and 5 * se_std + 0.005 <= tol_std, "test set-up: tolerance below 5 standard errors"
    mean, std = x.mean(0), x.std(0)
    assert ((mean - M).abs() <= tol_mean).all(), (
        f"{what}: the samples have mean {[round(v, 4) for v in mean.tolist()]}; the data have mean {M.tolist()} (tolerance {tol_mean})"
    )
    assert ((std - S).abs() <= tol_std).all(), (
        f"{what}: the samples have standard deviation {[round(v, 4) for v in std.tolist()]}; the data have {S.tolist()} "
        f"(tolerance {tol_std})"
    )


@points(3)
def test_sample_reverse_gaussian_exact_score(student, support):
    """With the exact score of N(m, s^2) data, both the reverse SDE and the probability-flow ODE (200 steps, from
    x_T ~ N(0, I)) return samples with mean m and standard deviation s (+-0.05); 10000 samples."""
    score = student.remote(support.GaussianScore, M, S)
    for ode, seed in ((False, 1), (True, 2)):
        x = student.sample_reverse(score, _x_T(seed), STEPS, ode, student.remote(testmodels.generator, seed + 10))
        _moments_ok(x, "probability-flow ODE" if ode else "reverse SDE")


W = torch.tensor([0.3, 0.7], dtype=F64)
MU = torch.tensor([[-2.0, 0.0], [2.0, 1.0]], dtype=F64)
SD = torch.tensor([0.3, 0.5], dtype=F64)


def _mixture_stats(x):
    left = x[:, 0] < 0
    return left.to(F64).mean().item(), [x[left].mean(0), x[~left].mean(0)], [x[left].std(0), x[~left].std(0)]


@points(4)
def test_sample_reverse_mixture_with_your_gmm_score(student, support):
    """The exact score of a Gaussian mixture (your gmm_score with means a_t mu_k and standard deviations
    sqrt(a_t^2 s_k^2 + sigma_t^2)) plugged into sample_reverse reproduces the mixture 0.3 N((-2, 0), 0.3^2) +
    0.7 N((2, 1), 0.5^2), with the reverse SDE and with the probability-flow ODE: weights (+-0.03), component means
    (+-0.05) and standard deviations (+-0.04); 10000 samples, 100 steps; and the two samplers agree with each other."""
    score = student.remote(support.MixtureScoreFrom, student.get("gmm_score"), W, MU, SD)
    stats = {}
    for ode, seed in ((False, 3), (True, 4)):
        what = "probability-flow ODE" if ode else "reverse SDE"
        x = expect_tensor(student.sample_reverse(score, _x_T(seed), 100, ode, student.remote(testmodels.generator, seed + 10)),
                          (N, 2), F64, what)
        w_left, means, stds = stats[ode] = _mixture_stats(x)
        assert abs(w_left - W[0].item()) <= 0.03, f"{what}: {w_left:.3f} of the samples are in the component of weight {W[0].item()}"
        for k in range(2):
            assert ((means[k] - MU[k]).abs() <= 0.05).all(), (
                f"{what}: component {k + 1} has mean {[round(v, 3) for v in means[k].tolist()]}; expected {MU[k].tolist()}"
            )
            assert ((stds[k] - SD[k]).abs() <= 0.04).all(), (
                f"{what}: component {k + 1} has standard deviation {[round(v, 3) for v in stds[k].tolist()]}; expected {SD[k].item()}"
            )
    (ws, ms, _), (wo, mo, _) = stats[False], stats[True]
    assert abs(ws - wo) <= 0.04 and all(((a - b).abs() <= 0.06).all() for a, b in zip(ms, mo, strict=True)), (
        "the reverse SDE and the probability-flow ODE give different marginals"
    )


@points(1)
def test_sample_reverse_under_no_grad(student, support):
    """sample_reverse runs its loop under torch.no_grad(): every score call of the trajectory happens with autograd
    off (reverse SDE and probability-flow ODE), and the samples are the scheme's."""
    x_T = randn((3, 2), 8)
    for ode in (False, True):
        spy = student.remote(support.SpyScore, -0.5)
        got = student.sample_reverse(spy, x_T, 4, ode, student.remote(testmodels.generator, 8), 0.01)
        got = expect_tensor(got, (3, 2), F64, f"sample_reverse(ode={ode})")
        flags = spy.grad_enabled
        assert len(flags) == 4, f"sample_reverse with 4 steps called the score {len(flags)} times; expected 4"
        assert not any(flags), (
            f"sample_reverse(ode={ode}) called the score with autograd recording on {sum(flags)} of 4 steps: wrap the loop "
            "in torch.no_grad()"
        )
        want = trusted_sample(support.SpyScore(-0.5), x_T, 4, ode, seed=8, t_eps=0.01)
        assert torch.allclose(got, want, rtol=1e-10, atol=1e-11), f"sample_reverse(ode={ode}): off by {max_err(got, want):.3g}"
