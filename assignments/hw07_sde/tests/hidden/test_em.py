"""Hidden tests of HW07: the Euler-Maruyama solver."""

import math

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from sdecheck import F32, F64, batch_dims, expect_tensor, f32_ok, max_err, randn, trusted_em

from autograder import testmodels
from autograder.testing import points


@points(2)
@given(bd=batch_dims(), n=st.integers(1, 12), backwards=st.booleans(), dtype=st.sampled_from([F64, F32]),
       seed=st.integers(0, 1000))
@settings(max_examples=20)
def test_em_zero_diffusion_is_euler(student, support, bd, n, backwards, dtype, seed):
    """With diffusion g = 0, euler_maruyama is the explicit Euler method x <- x + f(x, t_k) h, t_k = t0 + k h,
    forwards (t1 > t0) and backwards in time (t1 < t0, h < 0), for a drift that depends on x and t."""
    b, d = bd
    t0, t1 = (0.9, 0.2) if backwards else (0.1, 0.75)
    c = randn((d,), seed + 7)
    x0 = randn((b, d), seed, dtype, 2.0)
    drift = student.remote(support.TimeDrift, 0.7, c)
    zero = student.remote(support.ConstantDiffusion, 0.0)
    got = student.euler_maruyama(drift, zero, x0, t0, t1, n, student.remote(testmodels.generator, seed))
    got = expect_tensor(got, (b, d), dtype, "euler_maruyama with zero diffusion")
    local = support.TimeDrift(0.7, c)
    want = trusted_em(local, lambda t: 0.0, x0.to(F64), t0, t1, n, seed=0)
    ok = max_err(got, want) <= 1e-11 if dtype == F64 else f32_ok(got, want)
    assert ok, (
        f"with zero diffusion, {n} step(s) from t0 = {t0} to t1 = {t1}, euler_maruyama differs from Euler by "
        f"{max_err(got, want):.3g}"
    )


@points(3)
@given(bd=batch_dims(), n=st.integers(1, 15), backwards=st.booleans(), seed=st.integers(0, 10000))
@settings(max_examples=20)
def test_em_matches_the_scheme_step_by_step(student, support, bd, n, backwards, seed):
    """euler_maruyama is x_{k+1} = x_k + f(x_k, t_k) h + g(t_k) sqrt(|h|) z_k with h = (t1 - t0)/n, t_k = t0 + k h and
    one z_k = torch.randn(x0.shape, generator=generator, dtype=x0.dtype) per step, in order (time-dependent drift
    and diffusion, both time directions)."""
    b, d = bd
    t0, t1 = (1.0, 0.05) if backwards else (0.0, 0.8)
    c = randn((d,), seed + 3)
    x0 = randn((b, d), seed, F64, 2.0)
    drift = student.remote(support.TimeDrift, 1.3, c)
    diff = student.remote(support.VPDiffusion, 0.1, 20.0)
    got = student.euler_maruyama(drift, diff, x0, t0, t1, n, student.remote(testmodels.generator, seed))
    got = expect_tensor(got, (b, d), F64, "euler_maruyama")
    want = trusted_em(support.TimeDrift(1.3, c), support.VPDiffusion(0.1, 20.0), x0, t0, t1, n, seed=seed)
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-11), (
        f"{n} step(s) from t0 = {t0} to t1 = {t1}: euler_maruyama differs from the scheme by {max_err(got, want):.3g}"
    )


@points(2)
def test_em_time_grid(student, support):
    """drift(x, t) and diffusion(t) are each called exactly once per step, at t_k = t0 + k h for k = 0..n-1 (the
    start of each step, never t1), with t a Python float (not a tensor) and x of the shape of x0; the result is the
    scheme's value."""
    for t0, t1, n, shape in [(0.0, 1.0, 4, (3, 3)), (1.0, 0.001, 5, (2, 4)), (0.25, 0.5, 1, (5, 1))]:
        spy = student.remote(support.SpyDrift, 0.5, 0.3)
        x0 = randn(shape, n, F64)
        got = student.euler_maruyama(spy.drift, spy.diffusion, x0, t0, t1, n, student.remote(testmodels.generator, 1))
        got = expect_tensor(got, shape, F64, "euler_maruyama")
        h = (t1 - t0) / n
        want_t = [t0 + k * h for k in range(n)]
        for name, seen in (("drift", spy.drift_calls), ("diffusion", spy.diffusion_calls)):
            assert len(seen) == n and all(abs(a - b) <= 1e-12 for a, b in zip(seen, want_t, strict=False)), (
                f"from t0 = {t0} to t1 = {t1} in {n} steps, {name} should be called at t = "
                f"{[round(v, 6) for v in want_t]}; it was called at {[round(v, 6) for v in seen]}"
            )
        assert all(tuple(s) == shape for s in spy.shapes), f"drift was called with x of shapes {spy.shapes}"
        types = sorted(set(spy.time_types))
        assert types == ["float"], f"drift and diffusion should get t as a Python float; they got {', '.join(types)}"
        local = support.SpyDrift(0.5, 0.3)
        want = trusted_em(local.drift, local.diffusion, x0, t0, t1, n, seed=1)
        assert torch.allclose(got, want, rtol=1e-10, atol=1e-11), (
            f"from t0 = {t0} to t1 = {t1}: off by {max_err(got, want):.3g}"
        )


# Statistics: 20000 paths. Standard errors: mean sd/sqrt(n) <= 0.004, variance var*sqrt(2/(n-1)) <= 0.01 * var.
# Euler-Maruyama's own bias on these grids (computed in closed form for the discrete OU chain) is below 0.003.
N_PATHS = 20000


@points(4)
def test_em_ou_statistics(student, support):
    """Ornstein-Uhlenbeck dX = -theta X dt + sigma dW from x0 = 2 (theta = 1, sigma = 0.8, t in [0, 1], 200 steps):
    the paths end with mean x0 e^{-theta t} and variance sigma^2 (1 - e^{-2 theta t}) / (2 theta), within 5 standard
    errors plus the discretisation bias; 20000 paths."""
    theta, sigma, x_init, n = 1.0, 0.8, 2.0, 200
    x0 = torch.full((N_PATHS, 1), x_init, dtype=F64)
    got = student.euler_maruyama(student.remote(support.OUDrift, theta), student.remote(support.ConstantDiffusion, sigma),
                                 x0, 0.0, 1.0, n, student.remote(testmodels.generator, 5))
    got = expect_tensor(got, (N_PATHS, 1), F64, "euler_maruyama on the OU process")
    mean, var = got.mean().item(), got.var().item()
    want_mean = x_init * math.exp(-theta)
    want_var = sigma**2 * (1 - math.exp(-2 * theta)) / (2 * theta)
    tol_mean = 5 * math.sqrt(want_var / N_PATHS) + 0.003
    tol_var = 5 * want_var * math.sqrt(2 / (N_PATHS - 1)) + 0.003
    assert abs(mean - want_mean) <= tol_mean, (
        f"OU: the paths end with mean {mean:.4f}; the process has mean x0 e^(-theta t) = {want_mean:.4f} (tolerance {tol_mean:.3g})"
    )
    assert abs(var - want_var) <= tol_var, (
        f"OU: the paths end with variance {var:.4f}; the process has variance {want_var:.4f} (tolerance {tol_var:.3g})"
    )


@points(2)
def test_em_brownian_variance(student, support):
    """Brownian motion dX = sigma dW (sigma = 1.5) from t = 0.3 to 1.1 has mean x0 and variance sigma^2 (t1 - t0), with
    any number of steps, and the same when integrated backwards (t0 = 1.1 to t1 = 0.3); 20000 paths, 5 standard errors."""
    sigma, x_init = 1.5, -1.0
    want_var = sigma**2 * 0.8
    x0 = torch.full((N_PATHS, 2), x_init, dtype=F64)
    for k, (t0, t1, n) in enumerate([(0.3, 1.1, 1), (0.3, 1.1, 50), (1.1, 0.3, 20)]):
        got = student.euler_maruyama(student.remote(support.OUDrift, 0.0), student.remote(support.ConstantDiffusion, sigma),
                                     x0, t0, t1, n, student.remote(testmodels.generator, 10 + k))
        got = expect_tensor(got, (N_PATHS, 2), F64, "euler_maruyama on Brownian motion")
        mean, var = got.mean(0), got.var(0)
        tol_mean = 5 * math.sqrt(want_var / N_PATHS)
        tol_var = 5 * want_var * math.sqrt(2 / (N_PATHS - 1))
        assert ((mean - x_init).abs() <= tol_mean).all(), (
            f"Brownian motion from t0 = {t0} to t1 = {t1} in {n} steps: mean {mean.tolist()}, expected {x_init}"
        )
        assert ((var - want_var).abs() <= tol_var).all(), (
            f"Brownian motion from t0 = {t0} to t1 = {t1} in {n} steps: variance {[round(v, 4) for v in var.tolist()]}; "
            f"expected sigma^2 |t1 - t0| = {want_var:.4f} (tolerance {tol_var:.3g})"
        )


@points(2)
def test_em_uses_only_its_generator(student, support):
    """euler_maruyama draws its noise from `generator` only: the same seed gives the same paths whatever the global
    random state, another seed other paths; float32 inputs give float32 paths equal to the scheme's."""
    for dtype in (F64, F32):
        x0 = randn((4, 3), 0, dtype)

        def run(global_seed, gen_seed, x0=x0):
            student.remote(testmodels.reseed_global, global_seed)
            return student.euler_maruyama(student.remote(support.OUDrift, 0.5), student.remote(support.ConstantDiffusion, 0.7),
                                          x0, 0.0, 1.0, 10, student.remote(testmodels.generator, gen_seed))

        a = expect_tensor(run(1, 7), (4, 3), dtype, f"euler_maruyama on {str(dtype)[6:]} inputs")
        b, c = run(2, 7), run(1, 8)
        assert torch.equal(a, b), "the paths change with the global random state: draw from `generator` only"
        assert not torch.allclose(a, c), "two generator seeds give the same paths: is the noise drawn from `generator`?"
        want = trusted_em(support.OUDrift(0.5), support.ConstantDiffusion(0.7), x0, 0.0, 1.0, 10, seed=7)  # x0's dtype draws
        ok = max_err(a, want) <= 1e-11 if dtype == F64 else f32_ok(a, want)
        assert ok, f"off by {max_err(a, want):.3g} from the scheme with that generator's draws"


@points(1)
def test_em_draws_even_without_noise(student, support):
    """One z is drawn per step, in order, also on a step whose diffusion is zero: with g(t) = sqrt(20 t), zero at the
    first step of a solve from t0 = 0, the paths are the scheme's (every later step uses the generator's next draw)."""
    for t1, n, seed in ((0.5, 5, 31), (1.0, 3, 32)):
        x0 = randn((3, 2), seed, F64)
        got = student.euler_maruyama(student.remote(support.OUDrift, 0.4), student.remote(support.VPDiffusion, 0.0, 20.0),
                                     x0, 0.0, t1, n, student.remote(testmodels.generator, seed))
        got = expect_tensor(got, (3, 2), F64, "euler_maruyama")
        want = trusted_em(support.OUDrift(0.4), support.VPDiffusion(0.0, 20.0), x0, 0.0, t1, n, seed=seed)
        assert torch.allclose(got, want, rtol=1e-10, atol=1e-11), (
            f"g(t) = sqrt(20 t) from t0 = 0 to t1 = {t1} in {n} steps (g = 0 on the first step): off by {max_err(got, want):.3g} "
            "from the scheme that draws one z on every step"
        )
