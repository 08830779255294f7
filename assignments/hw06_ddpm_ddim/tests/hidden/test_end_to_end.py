"""Hidden tests: whole sampling runs with the exact noise predictor of Gaussian data (no training).

Data N(m, diag(s^2)) with m = (1, -2), s = (0.4, 0.3). Its exact noise predictor
eps*(x, t) = sqrt(1 - ab_t) (x - sqrt(ab_t) m) / (ab_t s^2 + 1 - ab_t) is support.GaussianEps. A correct
sampler returns mean m and standard deviation s up to the discretisation error of the sampler (measured
on 2e5 samples: at most 0.004 for 1000 steps, 0.03 for 50 DDIM steps) plus 5 standard errors.
"""

import math

import torch
from ddpmcheck import F64, ddim_step_closed_form, expect_tensor, max_err, schedule

from autograder import testmodels
from autograder.testing import points, visibility

M = torch.tensor([1.0, -2.0], dtype=F64)
S = torch.tensor([0.4, 0.3], dtype=F64)
T = 1000


def _check_moments(x, n, tol_mean, tol_std, what):
    x = expect_tensor(x, (n, 2), F64, what)
    se_mean, se_std = S.max().item() / math.sqrt(n), S.max().item() / math.sqrt(2 * (n - 1))
    assert 5 * se_mean <= tol_mean and 5 * se_std <= tol_std, "test set-up: tolerance below 5 standard errors"
    mean, std = x.mean(0), x.std(0)
    assert ((mean - M).abs() <= tol_mean).all(), (
        f"{what}: the samples have mean {[round(v, 4) for v in mean.tolist()]}; the data have mean {M.tolist()} "
        f"(tolerance {tol_mean})"
    )
    assert ((std - S).abs() <= tol_std).all(), (
        f"{what}: the samples have standard deviation {[round(v, 4) for v in std.tolist()]}; the data have "
        f"{S.tolist()} (tolerance {tol_std})"
    )


def _oracle(impl, support, kind):
    _, alpha_bar = schedule(kind, T)
    return impl.remote(support.GaussianEps, alpha_bar, M, S)


@points(3)
@visibility("visible")
def test_sample_ddpm_with_exact_oracle(student, support):
    """sample(eta = 1, timesteps = [T, ..., 1]) -- i.e. DDPM, linear schedule, T = 1000 -- with the exact noise
    predictor of N(m, s^2) data returns samples with mean m (+-0.03) and standard deviation s (+-0.02); 10000 samples."""
    n = 10000
    oracle = _oracle(student, support, "linear")
    x = student.sample(oracle, (n, 2), list(range(T, 0, -1)), 1.0, student.remote(testmodels.generator, 11))
    _check_moments(x, n, 0.03, 0.02, "DDPM (sample with eta = 1)")


@points(2)
def test_ddpm_step_chain_with_exact_oracle(student, support):
    """Looping your ddpm_step from t = T to 1 (linear schedule, T = 1000) with the exact noise predictor of N(m, s^2)
    data gives mean m (+-0.03) and standard deviation s (+-0.02), for var_type 'posterior' and 'beta'; 10000 samples."""
    n = 10000
    betas, alpha_bar = schedule("linear", T)
    oracle = student.remote(support.GaussianEps, alpha_bar, M, S)
    step = student.get("ddpm_step")
    for var_type in ("posterior", "beta"):
        x = student.remote(support.ddpm_chain, step, oracle, [n, 2], betas, alpha_bar, var_type, 5)
        _check_moments(x, n, 0.03, 0.02, f"DDPM with ddpm_step(var_type={var_type!r})")


@points(3)
def test_sample_ddim_eta0_with_exact_oracle(student, support):
    """sample(eta = 0, timesteps = [T, ..., 1]) -- deterministic DDIM, cosine schedule, T = 1000 -- with the exact
    noise predictor of N(m, s^2) data returns mean m (+-0.03) and standard deviation s (+-0.02); 20000 samples."""
    n = 20000
    oracle = _oracle(student, support, "cosine")
    x = student.sample(oracle, (n, 2), list(range(T, 0, -1)), 0.0, student.remote(testmodels.generator, 12))
    _check_moments(x, n, 0.03, 0.02, "DDIM eta = 0, 1000 steps")


@points(3)
def test_sample_ddim_skipped_steps(student, support):
    """DDIM with eta = 0 and only 50 timesteps [1000, 980, ..., 20] (linear schedule), exact noise predictor of
    N(m, s^2) data: the samples still have mean m and standard deviation s within +-0.05; 50000 samples."""
    n = 50000
    oracle = _oracle(student, support, "linear")
    x = student.sample(oracle, (n, 2), list(range(T, 0, -20)), 0.0, student.remote(testmodels.generator, 13))
    _check_moments(x, n, 0.05, 0.05, "DDIM eta = 0, 50 steps")


@points(2)
def test_sample_eta0_equals_ddim_chain(student, support):
    """With eta = 0, sample draws x_T = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype) first and then
    applies the DDIM update from each timestep to the next one (and from the last one to 0): for timesteps
    [50, 37, 20, 8, 3] it matches that chain computed step by step."""
    _, alpha_bar = schedule("cosine", 50)
    steps = [50, 37, 20, 8, 3]
    shape = (5, 3)
    model = student.remote(support.EpsMLP, alpha_bar, 3, seed=4)
    got = student.sample(model, shape, steps, 0.0, student.remote(testmodels.generator, 21))
    got = expect_tensor(got, shape, F64, "sample(...)")
    local = support.EpsMLP(alpha_bar, 3, seed=4)
    x = torch.randn(shape, generator=torch.Generator().manual_seed(21), dtype=F64)
    zero = torch.zeros(shape, dtype=F64)
    with torch.no_grad():
        for t, t_prev in zip(steps, [*steps[1:], 0], strict=True):
            x = ddim_step_closed_form(local, x, t, t_prev, zero, alpha_bar, 0.0)
    assert torch.allclose(got, x, rtol=1e-8, atol=1e-9), (
        f"sample differs from the DDIM chain 50 -> 37 -> 20 -> 8 -> 3 -> 0 by {max_err(got, x):.3g}"
    )


@points(2)
def test_sample_with_noise_equals_ddim_chain(student, support):
    """With eta > 0, sample draws x_T first, then one z per step from the same generator (torch.randn(shape,
    generator=generator, dtype=alpha_bar.dtype)), and applies the DDIM update with that eta from each timestep to
    the next one (and from the last one to 0): for timesteps [50, 37, 20, 8, 3] and eta = 0.5 and 1 it matches
    that chain computed step by step."""
    _, alpha_bar = schedule("cosine", 50)
    steps = [50, 37, 20, 8, 3]
    shape = (6, 4)
    model = student.remote(support.EpsMLP, alpha_bar, 4, seed=5)
    local = support.EpsMLP(alpha_bar, 4, seed=5)
    for eta in (0.5, 1.0):
        got = student.sample(model, shape, steps, eta, student.remote(testmodels.generator, 22))
        got = expect_tensor(got, shape, F64, f"sample(..., eta = {eta})")
        gen = torch.Generator().manual_seed(22)
        x = torch.randn(shape, generator=gen, dtype=F64)
        with torch.no_grad():
            for t, t_prev in zip(steps, [*steps[1:], 0], strict=True):
                z = torch.randn(shape, generator=gen, dtype=F64)
                x = ddim_step_closed_form(local, x, t, t_prev, z, alpha_bar, eta)
        assert torch.allclose(got, x, rtol=1e-8, atol=1e-9), (
            f"eta = {eta}: sample differs from the DDIM chain 50 -> 37 -> 20 -> 8 -> 3 -> 0 with x_T and then one z "
            f"per step drawn from the generator, by {max_err(got, x):.3g}"
        )


@points(2)
def test_sample_uses_only_its_generator(student, support):
    """sample draws all its randomness from `generator`: the same seed gives the same samples whatever the global
    RNG state, another seed gives other samples; the result has shape `shape` and the dtype of alpha_bar."""
    for dtype in ("float64", "float32"):
        _, alpha_bar = schedule("linear", 100)
        alpha_bar = alpha_bar.to(getattr(torch, dtype))
        model = student.remote(support.EpsMLP, alpha_bar, 2, seed=1, dtype=dtype)
        steps = list(range(100, 0, -10))

        def run(global_seed, gen_seed):
            student.remote(testmodels.reseed_global, global_seed)
            return student.sample(model, (6, 2), steps, 1.0, student.remote(testmodels.generator, gen_seed))

        a = expect_tensor(run(1, 7), (6, 2), getattr(torch, dtype), f"sample(...) with a {dtype} schedule")
        b, c = run(2, 7), run(1, 8)
        assert torch.equal(a, b), "the samples change with the global random state: draw from `generator` only"
        assert not torch.allclose(a, c), "two generator seeds give the same samples: is the noise drawn from `generator`?"


@points(1)
def test_sample_runs_without_autograd(student, support):
    """sample runs its loop under torch.no_grad(): autograd records nothing while the noise model is called
    (sampling builds no graph); the result has shape `shape` and the dtype of alpha_bar."""
    _, alpha_bar = schedule("linear", 10)
    for eta in (0.0, 1.0):
        spy = student.remote(support.SpyEps, alpha_bar)
        x = student.sample(spy, (3, 2), [10, 6, 3], eta, student.remote(testmodels.generator, 0))
        expect_tensor(x, (3, 2), F64, f"sample(..., eta = {eta})")
        modes = list(spy.grad_enabled)
        assert len(modes) == 3, f"sample(timesteps = [10, 6, 3]) called eps_model {len(modes)} times, expected 3"
        assert not any(modes), (
            f"eta = {eta}: eps_model was called with autograd recording (torch.is_grad_enabled() was True): "
            "the sampling loop should run under torch.no_grad()"
        )
