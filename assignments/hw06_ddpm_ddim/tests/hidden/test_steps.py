"""Hidden tests: one reverse step, DDPM and DDIM, and how they call the noise model."""

import math

import torch
from ddpmcheck import (
    F64,
    data_shapes,
    ddim_step_closed_form,
    ddpm_step_closed_form,
    expect_tensor,
    forward_marginal,
    full_t,
    max_err,
    posterior_mean_closed_form,
    posterior_var_closed_form,
    randn,
    schedule,
    schedules,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points, visibility


@st.composite
def step_case(draw, images=True, min_T=1):
    _, T, betas, alpha_bar = draw(schedules(min_T=min_T))
    shape = draw(data_shapes(images=images))
    t = draw(st.one_of(st.sampled_from(sorted({1, min(2, T), T})), st.integers(1, T)))
    seed = draw(st.integers(0, 2**16))
    return betas, alpha_bar, t, shape, seed


def _var_kw(var_type):
    return {} if var_type is None else {"var_type": var_type}


@points(5)
@given(case=step_case(), var_type=st.sampled_from([None, "posterior", "beta"]))
def test_ddpm_step_true_noise_oracle_gives_posterior_mean(student, support, case, var_type):
    """With the model that returns the true noise of x_t = q(x_0), ddpm_step(z = 0) is the posterior mean
    mu~_t(x_t, x_0); with noise z it adds sigma_t z, sigma_t^2 = posterior variance (default, 'posterior') or
    beta_t ('beta'), and nothing at t = 1."""
    betas, alpha_bar, t, shape, seed = case
    x0, eps, z = randn(shape, seed, scale=2.0), randn(shape, seed + 1), randn(shape, seed + 2)
    x_t = forward_marginal(x0, full_t(x0, t), eps, alpha_bar)
    oracle = student.remote(support.TrueNoiseEps, x0, alpha_bar)
    mean = student.ddpm_step(oracle, x_t, t, torch.zeros(shape, dtype=F64), betas, alpha_bar, **_var_kw(var_type))
    mean = expect_tensor(mean, shape, F64, f"ddpm_step at t = {t}")
    want = posterior_mean_closed_form(x0, x_t, t, betas, alpha_bar)
    assert torch.allclose(mean, want, rtol=1e-8, atol=1e-9), (
        f"t = {t}: with the true-noise model and z = 0, ddpm_step differs from the posterior mean by {max_err(mean, want):.3g}"
    )
    got = student.ddpm_step(oracle, x_t, t, z, betas, alpha_bar, **_var_kw(var_type))
    if t == 1:
        var = 0.0
    elif var_type == "beta":
        var = float(betas[t])
    else:
        var = posterior_var_closed_form(t, betas, alpha_bar)
    want_z = want + math.sqrt(var) * z
    assert torch.allclose(got, want_z, rtol=1e-8, atol=1e-9), (
        f"t = {t}, var_type = {var_type or 'default'}: ddpm_step - mean is not sigma_t z with sigma_t^2 = {var:.6g} "
        f"(off by {max_err(got, want_z):.3g})"
    )


@points(3)
@given(
    kind=st.sampled_from(["linear", "cosine", "random"]),
    shape=data_shapes(images=False),
    var_type=st.sampled_from(["posterior", "beta"]),
    seed=st.integers(0, 2**16),
)
@settings(max_examples=20)
def test_ddpm_step_no_noise_at_t1(student, support, kind, shape, var_type, seed):
    """The last DDPM step (t = 1 -> 0) returns the mean and ignores z, for both var_type's; with the
    true-noise model it returns x_0 exactly."""
    betas, alpha_bar = schedule(kind, 100, seed)
    x0, eps = randn(shape, seed, scale=2.0), randn(shape, seed + 1)
    z1, z2 = randn(shape, seed + 2), randn(shape, seed + 3, scale=3.0)
    x_1 = forward_marginal(x0, full_t(x0, 1), eps, alpha_bar)
    oracle = student.remote(support.TrueNoiseEps, x0, alpha_bar)
    a = expect_tensor(student.ddpm_step(oracle, x_1, 1, z1, betas, alpha_bar, var_type=var_type), shape, F64, "ddpm_step at t = 1")
    b = student.ddpm_step(oracle, x_1, 1, z2, betas, alpha_bar, var_type=var_type)
    assert torch.allclose(a, x0, rtol=1e-8, atol=1e-9), f"t = 1, var_type = {var_type!r}: the step does not return x_0 (off by {max_err(a, x0):.3g})"
    assert torch.equal(a, b), f"t = 1, var_type = {var_type!r}: the result depends on z"
    model = student.remote(support.EpsMLP, alpha_bar, shape[1], seed=seed % 50)
    a = student.ddpm_step(model, x_1, 1, z1, betas, alpha_bar, var_type=var_type)
    b = student.ddpm_step(model, x_1, 1, z2, betas, alpha_bar, var_type=var_type)
    assert torch.equal(a, b), f"t = 1, var_type = {var_type!r}: with a network, the result depends on z"


@points(2)
def test_eps_model_calling_convention(student, reference, support):
    """ddpm_step, ddim_step, ddpm_loss and sample call eps_model(x_t, t) once per step with t a LongTensor of
    shape (B,) holding the current step(s); sample visits the given timesteps in order. The steps and the loss
    also return their right values with that model."""
    betas, alpha_bar = schedule("linear", 10)
    x = randn((3, 2), 0)
    z = randn((3, 2), 1)

    def calls(spy):
        return [tuple(map(lambda v: v if not isinstance(v, list) else tuple(v), c)) for c in spy.calls]

    def same(got, name, *args):
        want = getattr(reference, name)(reference.remote(support.SpyEps, alpha_bar), *args)
        if isinstance(want, torch.Tensor) and want.ndim == 0:
            assert isinstance(got, float | int | torch.Tensor), f"{name} returned a {type(got).__name__}"
            got = torch.as_tensor(got, dtype=F64)
        got = expect_tensor(got, want.shape, F64, name)
        assert torch.allclose(got, want, rtol=1e-9, atol=1e-12), f"{name}: off by {max_err(got, want):.3g}"

    spy = student.remote(support.SpyEps, alpha_bar)
    got = student.ddpm_step(spy, x, 7, z, betas, alpha_bar)
    assert calls(spy) == [("int64", (3,), (7, 7, 7))], f"ddpm_step(t = 7) called eps_model with {spy.calls}"
    same(got, "ddpm_step", x, 7, z, betas, alpha_bar)
    spy = student.remote(support.SpyEps, alpha_bar)
    got = student.ddim_step(spy, x, 7, 3, z, alpha_bar, 0.5)
    assert calls(spy) == [("int64", (3,), (7, 7, 7))], f"ddim_step(t = 7) called eps_model with {spy.calls}"
    same(got, "ddim_step", x, 7, 3, z, alpha_bar, 0.5)
    spy = student.remote(support.SpyEps, alpha_bar)
    t = torch.tensor([1, 5, 9])
    got = student.ddpm_loss(spy, x, t, z, alpha_bar)
    assert calls(spy) == [("int64", (3,), (1, 5, 9))], f"ddpm_loss(t = [1, 5, 9]) called eps_model with {spy.calls}"
    same(got, "ddpm_loss", x, t, z, alpha_bar)
    spy = student.remote(support.SpyEps, alpha_bar)
    student.sample(spy, (3, 2), [9, 5, 2], 1.0, student.remote(testmodels.generator, 0))
    want = [("int64", (3,), (s, s, s)) for s in (9, 5, 2)]
    assert calls(spy) == want, f"sample(timesteps = [9, 5, 2]) called eps_model with {spy.calls}"


@st.composite
def ddim_case(draw, eta=None):
    betas, alpha_bar, t, shape, seed = draw(step_case(images=False))
    t_prev = draw(st.one_of(st.sampled_from(sorted({0, t - 1})), st.integers(0, t - 1)))
    e = draw(st.floats(0.0, 1.0)) if eta is None else eta
    return betas, alpha_bar, t, t_prev, shape, seed, e


@points(4)
@given(case=ddim_case(eta=0.0))
def test_ddim_eta0_ignores_noise(student, support, case):
    """With eta = 0 a DDIM step is deterministic: the result does not depend on z, and equals
    sqrt(alpha_bar[t_prev]) x0_hat + sqrt(1 - alpha_bar[t_prev]) eps_hat, for any t_prev < t (0 included)."""
    _, alpha_bar, t, t_prev, shape, seed, _ = case
    x = randn(shape, seed, scale=2.0)
    z1, z2 = randn(shape, seed + 1), randn(shape, seed + 2, scale=3.0)
    model = student.remote(support.EpsMLP, alpha_bar, shape[1], seed=seed % 50)
    a = expect_tensor(student.ddim_step(model, x, t, t_prev, z1, alpha_bar, 0.0), shape, F64, "ddim_step")
    b = student.ddim_step(model, x, t, t_prev, z2, alpha_bar, 0.0)
    assert torch.allclose(a, b, rtol=0, atol=1e-14), f"t = {t} -> {t_prev}, eta = 0: the result depends on z"
    want = ddim_step_closed_form(support.EpsMLP(alpha_bar, shape[1], seed=seed % 50), x, t, t_prev, z1, alpha_bar, 0.0)
    assert torch.allclose(a, want, rtol=1e-8, atol=1e-9), f"t = {t} -> {t_prev}, eta = 0: off by {max_err(a, want):.3g}"


@points(5)
@visibility("visible")
@given(case=step_case(images=False))
def test_ddim_eta1_consecutive_equals_ddpm_posterior(student, support, case):
    """DDIM with eta = 1 and t_prev = t - 1 is the DDPM step with the posterior variance: same mean, sigma^2 =
    posterior variance, so the same output for the same z (your ddim_step against your ddpm_step, and the formula)."""
    betas, alpha_bar, t, shape, seed = case
    x, z = randn(shape, seed, scale=2.0), randn(shape, seed + 1)
    model = student.remote(support.EpsMLP, alpha_bar, shape[1], seed=seed % 50)
    a = expect_tensor(student.ddim_step(model, x, t, t - 1, z, alpha_bar, 1.0), shape, F64, "ddim_step")
    b = expect_tensor(student.ddpm_step(model, x, t, z, betas, alpha_bar, var_type="posterior"), shape, F64, "ddpm_step")
    want = ddpm_step_closed_form(support.EpsMLP(alpha_bar, shape[1], seed=seed % 50), x, t, z, betas, alpha_bar)
    assert torch.allclose(b, want, rtol=1e-8, atol=1e-9), f"t = {t}: ddpm_step(var_type='posterior') off by {max_err(b, want):.3g}"
    assert torch.allclose(a, want, rtol=1e-8, atol=1e-9), (
        f"t = {t}: ddim_step(t_prev = t - 1, eta = 1) differs from the DDPM posterior step by {max_err(a, want):.3g}"
    )


@points(2)
@given(case=ddim_case())
def test_ddim_step_matches_formula_for_any_eta(student, support, case):
    """For any 0 <= eta <= 1 and t_prev < t: x_prev = sqrt(ab_p) x0_hat + sqrt(1 - ab_p - sigma^2) eps_hat + sigma z with
    sigma = eta sqrt((1 - ab_p)/(1 - ab_t)) sqrt(1 - ab_t/ab_p)."""
    _, alpha_bar, t, t_prev, shape, seed, eta = case
    x, z = randn(shape, seed, scale=2.0), randn(shape, seed + 1)
    model = student.remote(support.EpsMLP, alpha_bar, shape[1], seed=seed % 50)
    got = expect_tensor(student.ddim_step(model, x, t, t_prev, z, alpha_bar, eta), shape, F64, "ddim_step")
    want = ddim_step_closed_form(support.EpsMLP(alpha_bar, shape[1], seed=seed % 50), x, t, t_prev, z, alpha_bar, eta)
    assert torch.allclose(got, want, rtol=1e-8, atol=1e-9), (
        f"t = {t} -> {t_prev}, eta = {eta:.4g}: off by {max_err(got, want):.3g}"
    )
