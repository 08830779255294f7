"""Hidden tests of HW02: the WGAN-GP gradient penalty, on critics with known input gradients."""

import torch
from gancheck import (
    F64,
    batch_dims,
    check_finite,
    check_scalar,
    finite_difference_grads,
    gp_from_input_grads,
    gp_local,
    interpolate,
    rand,
    randn,
    sorted_params,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points, visibility

norms = st.one_of(st.floats(0.1, 0.9), st.floats(1.1, 3.0))


@points(5)
@visibility("hidden")
@given(bd=batch_dims(), norm=norms, seed=st.integers(0, 10_000))
@example(bd=(3, 3), norm=0.5, seed=0)
@example(bd=(4, 2), norm=2.0, seed=1)
@example(bd=(1, 1), norm=2.5, seed=2)
@settings(max_examples=20)
def test_gp_linear_critic(student, bd, norm, seed):
    """For a linear critic f(x) = w·x + b (output of shape (B, 1)) the input gradient is w everywhere, so gradient_penalty = (||w||_2 - 1)² for any alpha, with ||w|| below or above 1 (float64, 1e-10 relative)."""
    b, d = bd
    w = randn((1, d), seed)
    w = norm * w / w.norm()
    critic = student.remote(testmodels.Linear, w, randn((1,), seed + 1))
    real, fake = randn((b, d), seed + 2, scale=2.0), randn((b, d), seed + 3, scale=2.0)
    want = (float(w.norm()) - 1) ** 2
    for alpha in (rand((b,), seed), torch.zeros(b, dtype=F64), torch.ones(b, dtype=F64)):
        got = check_scalar(student.gradient_penalty(critic, real, fake, alpha), F64, "gradient_penalty")
        check_finite(got, "gradient_penalty")
        assert abs(float(got) - want) <= 1e-10 * (1 + want), (
            f"with a linear critic of weight norm ||w|| = {float(w.norm()):.6g} (B = {b}, D = {d}, alpha = "
            f"{alpha.tolist()}), gradient_penalty is {float(got):.10g}; (||w|| - 1)² is {want:.10g}"
        )


@points(5)
@visibility("hidden")
@given(bd=batch_dims(), unit=st.booleans(), seed=st.integers(0, 10_000))
@example(bd=(3, 3), unit=True, seed=0)
@example(bd=(4, 4), unit=False, seed=1)
@example(bd=(5, 2), unit=True, seed=2)
@settings(max_examples=20)
def test_gp_quadratic_critic_per_sample_alpha(student, bd, unit, seed):
    """For the critic f(x) = ½ Σ_j a_j x_j² (output of shape (B,)) the input gradient at x̂_i is a ⊙ x̂_i, so gradient_penalty = mean_i (||a ⊙ x̂_i|| - 1)² with x̂_i = alpha_i real_i + (1 - alpha_i) fake_i: one alpha per sample, on the batch axis (a = 1 gives ½||x||²) (float64, 1e-10 relative)."""
    b, d = bd
    a = torch.ones(d, dtype=F64) if unit else 0.5 + rand((d,), seed + 5)
    critic = student.remote(testmodels.Quadratic, a)
    real, fake = randn((b, d), seed + 2), randn((b, d), seed + 3, scale=1.5)
    alpha = rand((b,), seed)
    got = check_scalar(student.gradient_penalty(critic, real, fake, alpha), F64, "gradient_penalty")
    check_finite(got, "gradient_penalty")
    x_hat = interpolate(real, fake, alpha)
    want = gp_from_input_grads(a * x_hat)
    assert abs(float(got) - want) <= 1e-10 * (1 + want), (
        f"with the critic ½ Σ a_j x_j² (a = {a.tolist()}), B = {b}, D = {d}, alpha = {alpha.tolist()}, gradient_penalty "
        f"is {float(got):.10g}; mean_i (||a ⊙ x̂_i|| - 1)² with x̂_i = alpha_i real_i + (1 - alpha_i) fake_i is "
        f"{want:.10g}"
    )


@points(4)
@visibility("hidden")
@given(
    shape=st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(1, 4), st.integers(1, 4)),
    keepdim=st.booleans(),
    seed=st.integers(0, 10_000),
)
@example(shape=(2, 3, 4, 4), keepdim=False, seed=0)
@example(shape=(3, 1, 2, 3), keepdim=True, seed=1)
@settings(max_examples=12)
def test_gp_image_batch(student, support, shape, keepdim, seed):
    """On image batches (B, C, H, W), alpha (B,) weights whole samples and the gradient norm runs over all C·H·W entries of each sample: for f(x) = ½ Σ a ⊙ x² (output (B,) or (B, 1)), gradient_penalty = mean_i (||a ⊙ x̂_i||_F - 1)² (float64, 1e-10 relative)."""
    a = 0.3 + rand(shape[1:], seed + 5)
    critic = student.remote(support.QuadraticCritic, a, keepdim=keepdim)
    real, fake = randn(shape, seed + 2), randn(shape, seed + 3)
    alpha = rand((shape[0],), seed)
    got = check_scalar(student.gradient_penalty(critic, real, fake, alpha), F64, "gradient_penalty on images")
    check_finite(got, "gradient_penalty on images")
    want = gp_from_input_grads(a * interpolate(real, fake, alpha))
    assert abs(float(got) - want) <= 1e-10 * (1 + want), (
        f"on an image batch of shape {shape} (critic output {'(B, 1)' if keepdim else '(B,)'}), gradient_penalty is "
        f"{float(got):.10g}; with one alpha per image and the norm over all of each image's entries it is {want:.10g}"
    )


@points(6)
@visibility("hidden")
@given(bd=st.sampled_from([(3, 3), (4, 2), (2, 3), (5, 1)]), seed=st.integers(0, 10_000))
@example(bd=(3, 3), seed=0)
@settings(max_examples=5)
def test_gp_backpropagates(student, support, bd, seed):
    """gradient_penalty is differentiable with respect to the critic's parameters (a graph of the input gradient is built): after backward() on it, every parameter's .grad equals the finite-difference derivative of the penalty (float64, 1e-6 relative); the call itself writes nothing into the critic's .grad."""
    b, d = bd
    critic = student.remote(testmodels.MLP, d, 1, hidden=6, seed=seed % 97)
    real, fake = randn((b, d), seed + 2), randn((b, d), seed + 3, scale=1.5)
    alpha = rand((b,), seed)
    out = student.remote(support.call_and_backward, student.get("gradient_penalty"), critic, real, fake, alpha)
    assert isinstance(out, tuple | list) and len(out) == 3, "support.call_and_backward returned something unexpected"
    value, before, after = out
    value = check_scalar(value, F64, "gradient_penalty")

    local = testmodels.MLP(d, 1, hidden=6, seed=seed % 97)
    names, params = sorted_params(local)

    def penalty() -> float:
        return gp_from_input_grads(gp_local(local, real, fake, alpha))

    want = penalty()
    assert abs(float(value) - want) <= 1e-10 * (1 + want), (
        f"gradient_penalty of a tanh MLP critic is {float(value):.10g}; the penalty is {want:.10g}"
    )
    assert isinstance(before, list) and isinstance(after, list) and len(before) == len(after) == len(params), (
        "the critic's parameters could not be read back"
    )
    for name, g in zip(names, before, strict=True):
        assert g is None or float(g.abs().max()) == 0.0, (
            f"calling gradient_penalty wrote a gradient into the critic's `{name}.grad` before any backward(): the "
            "penalty should leave the critic's .grad untouched until the caller back-propagates"
        )
    fd = finite_difference_grads(penalty, params)
    for name, g, w, p in zip(names, after, fd, params, strict=True):
        if g is None:
            assert float(w.abs().max()) <= 1e-8, (
                f"after gradient_penalty(...).backward() the critic parameter `{name}` has no gradient, but the penalty "
                f"depends on it (finite differences up to {float(w.abs().max()):.3g}): the penalty is not differentiable "
                "with respect to the critic's parameters"
            )
            continue
        assert isinstance(g, torch.Tensor) and tuple(g.shape) == tuple(p.shape), (
            f"the gradient of `{name}` has the wrong shape"
        )
        err = float((g.to(F64) - w).abs().max())
        assert err <= 1e-6 * (1 + float(w.abs().max())), (
            f"d gradient_penalty / d `{name}` after backward() is off by {err:.3g} from the finite-difference derivative "
            f"(largest entry {float(w.abs().max()):.3g})"
        )


@points(2)
@visibility("hidden")
@given(bd=batch_dims(), seed=st.integers(0, 10_000))
@example(bd=(3, 3), seed=0)
@example(bd=(4, 2), seed=1)
@settings(max_examples=6)
def test_gp_plain_callable_critic(student, support, bd, seed):
    """A critic is any callable critic(x), not necessarily an nn.Module: for the plain function x -> ½ Σ_j a_j x_j² (no parameters, no module methods, output (B,)), gradient_penalty = mean_i (||a ⊙ x̂_i|| - 1)² (float64, 1e-10 relative)."""
    b, d = bd
    a = 0.5 + rand((d,), seed + 5)
    critic = student.remote(support.quadratic_function, a)
    real, fake = randn((b, d), seed + 2), randn((b, d), seed + 3, scale=1.5)
    alpha = rand((b,), seed)
    got = check_scalar(student.gradient_penalty(critic, real, fake, alpha), F64, "gradient_penalty of a plain function")
    check_finite(got, "gradient_penalty of a plain function")
    want = gp_from_input_grads(a * interpolate(real, fake, alpha))
    assert abs(float(got) - want) <= 1e-10 * (1 + want), (
        f"with the critic given as a plain Python function x -> ½ Σ a_j x_j² (a = {a.tolist()}, B = {b}, D = {d}), "
        f"gradient_penalty is {float(got):.10g}; mean_i (||a ⊙ x̂_i|| - 1)² is {want:.10g}"
    )
