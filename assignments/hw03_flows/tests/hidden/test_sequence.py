"""Hidden tests of HW03: FlowSequence (composition, inverse, log_prob, sample).

Composition is tested on fixed linear layers built next to the student's code
(``support.LinearFlow``), whose composition has a closed-form map and density, so these tests
do not depend on the student's AffineCoupling. Normalisation and sampling use the student's
own coupling layers, with every parameter redrawn at random.
"""

import math

import torch
from autograder import testmodels
from autograder.testing import points, visibility
from flowcheck import (
    F32,
    F64,
    alternating_masks,
    check_finite,
    check_flow_output,
    check_sequence_values,
    check_tensor,
    compose_linear,
    finite,
    flow_call,
    gaussian_of_linear_flow,
    ks_normal,
    ks_threshold,
    linear_layers,
    make_layer,
    max_err,
)
from hypothesis import example, given
from hypothesis import strategies as st


@st.composite
def linear_sequence_cases(draw):
    """A dimension 1-5, a batch (often == dim), inputs in [-5, 5] and a seed for the layers."""
    dim = draw(st.integers(1, 5))
    batch = draw(st.one_of(st.just(dim), st.integers(1, 8)))
    values = draw(st.lists(finite, min_size=batch * dim, max_size=batch * dim))
    seed = draw(st.integers(0, 10_000))
    return dim, torch.tensor(values, dtype=F64).reshape(batch, dim), seed


def coupling_flow(impl, dim, n_layers, *, seed, std, hidden=8):
    """A FlowSequence of the implementation's own coupling layers, alternating masks."""
    layers = [
        make_layer(impl, dim, mask, seed=seed + k, std=std, hidden=hidden)
        for k, mask in enumerate(alternating_masks(dim, n_layers))
    ]
    return impl.FlowSequence(layers)


def mixed_flow(impl, support, *, seed=0, dtype="float64"):
    """coupling -> fixed linear layer -> coupling, in 3-D: layer order matters a lot."""
    masks = alternating_masks(3, 2)
    first = make_layer(impl, 3, masks[0], seed=seed, dtype=dtype)
    last = make_layer(impl, 3, masks[1], seed=seed + 1, dtype=dtype)
    (middle,), _, _ = linear_layers(impl, support, 3, seed=seed, n=1, dtype=getattr(torch, dtype))
    return impl.FlowSequence([first, middle, last])


@points(5)
@visibility("hidden")
@given(case=linear_sequence_cases())
@example(case=(3, torch.linspace(-2, 2, 9, dtype=F64).reshape(3, 3), 1))
@example(case=(2, torch.linspace(-2, 2, 10, dtype=F64).reshape(5, 2), 2))
def test_sequence_forward_composes_and_adds_logdets(student, support, case):
    """FlowSequence.forward applies its layers in list order and returns the sum of their logdets (float64, any batch size)."""
    dim, x, seed = case
    layers, mats, shifts = linear_layers(student, support, dim, seed)
    flow = student.FlowSequence(layers)
    z, logdet = flow_call(flow, x, "FlowSequence.forward")
    a, b = compose_linear(mats, shifts)
    err = max_err(z, x @ a.T + b)
    assert err <= 1e-9, f"forward differs from the layers applied in order by up to {err:.3g}"
    expected = sum(torch.linalg.slogdet(m)[1] for m in mats)
    err = max_err(logdet, expected.expand(x.shape[0]))
    assert err <= 1e-9, f"forward's logdet differs from the sum of the layers' logdets by {err:.3g}"


@points(5)
@visibility("hidden")
@given(case=linear_sequence_cases())
@example(case=(3, torch.linspace(-2, 2, 9, dtype=F64).reshape(3, 3), 1))
def test_sequence_inverse_reverses_layers(student, support, case):
    """FlowSequence.inverse applies the layers' inverses in reverse order and sums their logdets; inverse(forward(x)) = x."""
    dim, z, seed = case
    layers, mats, shifts = linear_layers(student, support, dim, seed)
    flow = student.FlowSequence(layers)
    x, logdet_inv = flow_call(flow.inverse, z, "FlowSequence.inverse")
    a, b = compose_linear(mats, shifts)
    expected = torch.linalg.solve(a, (z - b).T).T
    err = max_err(x, expected)
    assert err <= 1e-8, (
        f"inverse differs from the layers' inverses applied in reverse order by {err:.3g}"
    )
    err = max_err(logdet_inv, -torch.linalg.slogdet(a)[1].expand(z.shape[0]))
    assert err <= 1e-9, (
        f"inverse's logdet differs from the sum of the layers' inverse logdets by {err:.3g}"
    )
    back, _ = flow_call(flow, x, "FlowSequence.forward")
    err = max_err(back, z)
    assert err <= 1e-8, f"forward(inverse(z)) differs from z by up to {err:.3g}"


@points(4)
@visibility("hidden")
@given(case=linear_sequence_cases())
@example(case=(4, torch.linspace(-3, 3, 16, dtype=F64).reshape(4, 4), 3))
def test_sequence_log_prob_is_change_of_variables(student, support, case):
    """FlowSequence.log_prob(x) = log N(f(x); 0, I) + log|det df/dx|: for linear layers, the Gaussian log-density of x (float64, atol 1e-8)."""
    dim, x, seed = case
    layers, mats, shifts = linear_layers(student, support, dim, seed)
    flow = student.FlowSequence(layers)
    got = check_tensor(flow.log_prob(x), (x.shape[0],), F64, "log_prob(x)")
    expected = gaussian_of_linear_flow(*compose_linear(mats, shifts)).log_prob(x)
    err = max_err(got, expected)
    assert err <= 1e-8 * (1 + float(expected.abs().max())), (
        f"log_prob differs from the exact log-density by up to {err:.3g}"
    )


GRID_N, GRID_LO, GRID_HI = 400, -8.0, 8.0


def _grid():
    edges = torch.linspace(GRID_LO, GRID_HI, GRID_N + 1, dtype=F64)
    centers = (edges[1:] + edges[:-1]) / 2
    return torch.cartesian_prod(centers, centers), ((GRID_HI - GRID_LO) / GRID_N) ** 2


@points(5)
@visibility("hidden")
def test_sequence_density_integrates_to_one(student, reference):
    """exp(log_prob) of random 2-D flows of your coupling layers (4 layers, hidden 8, weights N(0, 0.3²)) integrates to 1 ± 1e-2 over [-8, 8]² (a 400 x 400 grid)."""
    grid, cell = _grid()
    for seed in (0, 10):
        ref = coupling_flow(reference, 2, 4, seed=seed, std=0.3)
        with torch.no_grad():
            draws = ref.sample(20_000, generator=torch.Generator().manual_seed(seed))
            inside = float(((draws >= GRID_LO) & (draws <= GRID_HI)).all(dim=1).to(F64).mean())
            ref_mass = float(ref.log_prob(grid).exp().sum() * cell)
        # The set-up itself: the box holds the reference's mass, and the quadrature is accurate.
        assert inside > 0.999 and abs(ref_mass - 1) < 2e-3, (
            f"test set-up: reference mass in the box {inside:.5f}, quadrature {ref_mass:.5f}"
        )
        flow = coupling_flow(student, 2, 4, seed=seed, std=0.3)
        lp = check_tensor(flow.log_prob(grid), (GRID_N * GRID_N,), F64, "log_prob(grid)")
        check_finite(lp, "log_prob on the grid")
        mass = float(lp.exp().sum() * cell)
        assert abs(mass - 1) <= 1e-2, (
            f"exp(log_prob) integrates to {mass:.4f} over [-8, 8]², not 1 (flow seed {seed})"
        )


@points(2)
@visibility("hidden")
def test_sample_shapes_dtypes_and_log_prob_finite(student, support):
    """sample(n) has shape (n, layers[0].dim) in the parameters' dtype (float32 and float64), and log_prob of a sample is finite, shape (n,), and the change of variables of forward."""
    for dtype, n in (("float64", 7), ("float32", 3), ("float64", 1)):
        flow = mixed_flow(student, support, seed=4, dtype=dtype)
        x = check_tensor(flow.sample(n), (n, 3), getattr(torch, dtype), f"sample({n})")
        check_finite(x, f"sample({n})")
        lp = check_tensor(flow.log_prob(x), (n,), getattr(torch, dtype), "log_prob(sample(n))")
        check_finite(lp, "log_prob(sample(n))")
        check_sequence_values(flow, x, f"the flow on sample({n})")


@points(4)
@visibility("hidden")
def test_sample_latent_is_standard_normal(student, support):
    """forward(sample(n)) is distributed as N(0, I): means, variances and covariances within 5 standard errors, Kolmogorov-Smirnov distance of each coordinate small (n = 4000)."""
    n = 4000
    flow = mixed_flow(student, support, seed=7)
    x = flow.sample(n, generator=student.remote(testmodels.generator, seed=123))
    x = check_tensor(x, (n, 3), F64, f"sample({n})")
    check_finite(x, f"sample({n})")
    z, _ = flow_call(flow, x, "FlowSequence.forward")
    check_finite(z, "forward(sample(n))")
    se = 1 / math.sqrt(n)
    mean = z.mean(0)
    assert float(mean.abs().max()) < 5 * se, f"the latent mean {mean.tolist()} is not 0"
    var = z.var(0)
    assert float((var - 1).abs().max()) < 5 * math.sqrt(2 / n), (
        f"the latent variances {var.tolist()} are not 1"
    )
    cov = torch.cov(z.T) - torch.diag(var)
    assert float(cov.abs().max()) < 5 * se, (
        f"the latent coordinates are correlated (covariance {float(cov.abs().max()):.3g})"
    )
    for j in range(3):
        d = ks_normal(z[:, j])
        assert d < ks_threshold(n), (
            f"latent coordinate {j} is not N(0, 1) (Kolmogorov-Smirnov distance {d:.4f})"
        )


@points(2)
@visibility("hidden")
def test_sample_uses_generator_not_global_rng(student, support):
    """sample(n, generator) depends only on the generator: the same seed gives the same samples whatever the global RNG state; another seed gives others."""
    flow = mixed_flow(student, support, seed=9)
    a = flow.sample(50, generator=student.remote(testmodels.generator, seed=7))
    a = check_tensor(a, (50, 3), F64, "sample(50, generator)")
    check_finite(a, "sample(50, generator)")
    student.remote(testmodels.reseed_global, 12345)
    b = check_tensor(
        flow.sample(50, generator=student.remote(testmodels.generator, seed=7)),
        (50, 3),
        F64,
        "sample(50, generator)",
    )
    assert torch.equal(a, b), "two generators with the same seed gave different samples"
    c = check_tensor(
        flow.sample(50, generator=student.remote(testmodels.generator, seed=8)),
        (50, 3),
        F64,
        "sample(50, generator)",
    )
    assert not torch.equal(a, c), "generators with different seeds gave the same samples"


@points(2)
@visibility("hidden")
def test_sequence_dtypes_and_inputs_untouched(student, support):
    """forward, inverse and log_prob keep the input's dtype (float32 and float64), leave their input tensor unchanged, and compute the flow's values on it."""
    for dtype in (F32, F64):
        flow = mixed_flow(student, support, seed=2, dtype=str(dtype).removeprefix("torch."))
        x = torch.linspace(-2, 2, 12, dtype=dtype).reshape(4, 3)
        for name in ("forward", "inverse", "log_prob"):
            fn = flow if name == "forward" else getattr(flow, name)
            out, after = student.remote(testmodels.call_keeping_inputs, fn, x.clone())
            if name == "log_prob":
                check_tensor(out, (4,), dtype, "log_prob(x)")
            else:
                check_flow_output(out, x, f"FlowSequence.{name}")
            assert (
                isinstance(after, list) and len(after) == 1 and isinstance(after[0], torch.Tensor)
            )
            assert torch.equal(after[0], x), f"FlowSequence.{name} modified its input in place"
        check_sequence_values(flow, x, f"the flow in {dtype}")


@points(2)
@visibility("hidden")
def test_sample_is_the_specified_draw(student, support):
    """sample(n, generator) is inverse(z) for exactly z = torch.randn(n, dim, generator=generator, dtype=<dtype of the parameters>), dim = layers[0].dim (float64 and float32), with the flow's own values."""
    for dtype in ("float64", "float32"):
        flow = mixed_flow(student, support, seed=12, dtype=dtype)
        torch_dtype = getattr(torch, dtype)
        x = flow.sample(20, generator=student.remote(testmodels.generator, seed=5))
        x = check_tensor(x, (20, 3), torch_dtype, f"sample(20) in {dtype}")
        z = torch.randn(20, 3, generator=torch.Generator().manual_seed(5), dtype=torch_dtype)
        check_sequence_values(flow, x, f"the flow in {dtype}")
        want, _ = flow_call(flow.inverse, z, f"inverse in {dtype}")
        tol = 1e-12 if dtype == "float64" else 1e-6
        err = max_err(x, want)
        assert err <= tol * (1 + float(want.abs().max())), (
            f"sample(20, generator) in {dtype} differs from inverse(torch.randn(20, 3, generator=generator, "
            f"dtype=torch.{dtype})) by up to {err:.3g}: z must be drawn exactly as the docstring says"
        )


@points(1)
@visibility("hidden")
def test_sequence_registers_layer_parameters(student, support):
    """FlowSequence registers its layers' parameters: casting the whole flow with .double()-style casts reaches every layer (forward, log_prob and sample then run in float64)."""
    layers = [
        make_layer(student, 3, m, seed=20 + k, dtype="float32")
        for k, m in enumerate(alternating_masks(3, 2))
    ]
    flow = student.remote(testmodels.set_dtype_, student.FlowSequence(layers), "float64")
    x = torch.linspace(-2, 2, 12, dtype=F64).reshape(4, 3)
    check_sequence_values(flow, x, "the flow cast to float64 as a whole")
    s = check_tensor(flow.sample(5), (5, 3), F64, "sample(5) of the flow cast to float64")
    check_finite(s, "sample(5) of the flow cast to float64")
