"""Hidden tests of Lab 1, part A: the coupling layer, the sequence, make_realnvp, train_nll.

HW03's properties on the lab's objects (every parameter redrawn at random first), and a replay
of the first steps of train_nll on a linear density whose training the test repeats here.
"""

import math

import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from labcheck import (
    F32,
    F64,
    check_finite,
    check_tensor,
    fd_jacobian,
    flow_call,
    max_err,
    randn,
    std_normal_logprob,
)

from autograder import testmodels
from autograder.testing import points, visibility


def random_layer(impl, dim, mask, seed, hidden=8, std=0.5):
    layer = impl.AffineCoupling(dim, torch.tensor(mask, dtype=torch.bool), hidden=hidden)
    impl.remote(testmodels.reinit_normal_, layer, std=std, seed=seed)
    return impl.remote(testmodels.set_dtype_, layer, "float64")


@st.composite
def coupling_cases(draw):
    dim = draw(st.integers(2, 4))
    mask = draw(st.lists(st.booleans(), min_size=dim, max_size=dim).filter(lambda m: 0 < sum(m) < len(m)))
    batch = draw(st.one_of(st.just(dim), st.integers(1, 6)))
    return dim, mask, batch, draw(st.integers(0, 10_000))


@points(5)
@visibility("hidden")
@given(case=coupling_cases())
@example(case=(2, [True, False], 2, 0))
@example(case=(3, [False, True, False], 5, 1))
@settings(deadline=None, max_examples=15)
def test_coupling_inverse_and_logdet(student, case):
    """AffineCoupling with random weights (float64): masked coordinates copied exactly, the others moved; inverse(forward(x)) = x; logdet = log|det| of the Jacobian (finite differences), bounded by the number of transformed coordinates (s = tanh(S(h)) * (1 - m)); inverse's logdet = -forward's."""
    dim, mask, batch, seed = case
    layer = random_layer(student, dim, mask, seed)
    x = randn((batch, dim), seed, scale=2.0)
    z, logdet = flow_call(layer, x, "AffineCoupling.forward")
    m = torch.tensor(mask)
    assert torch.equal(z[:, m], x[:, m]), f"forward changed the masked coordinates (mask {mask})"
    assert max_err(z[:, ~m], x[:, ~m]) > 1e-6, "with random weights forward leaves every transformed coordinate unchanged"
    back, logdet_inv = flow_call(layer.inverse, z, "AffineCoupling.inverse")
    err = max_err(back, x)
    assert err <= 1e-8 * (1 + float(x.abs().max())), f"inverse(forward(x)) differs from x by up to {err:.3g}"
    err = max_err(logdet_inv, -logdet)
    assert err <= 1e-8 * (1 + float(logdet.abs().max())), f"inverse's logdet is not minus forward's (off by {err:.3g})"
    bound = float((~m).sum())
    assert float(logdet.abs().max()) < bound, (
        f"|logdet| reaches {float(logdet.abs().max()):.3g} with {int(bound)} transformed coordinate(s): "
        "s = tanh(S(h)) * (1 - m) bounds each log-scale by 1"
    )
    _, fd = torch.linalg.slogdet(fd_jacobian(layer, x, "AffineCoupling.forward"))
    err = max_err(logdet, fd)
    assert err <= 1e-6 * (1 + float(fd.abs().max())), (
        f"forward's logdet differs from log|det dz/dx| (finite differences) by up to {err:.3g} (mask {mask}, B = {batch})"
    )


@points(5)
@visibility("hidden")
def test_realnvp_density_normalised(student):
    """make_realnvp(4, 8) with small random weights (float64) is a density: log_prob(x) = log N(z; 0, I) + logdet, and exp(log_prob) integrates to 1 over [-8, 8]^2 (400^2 grid, ±1e-2)."""
    flow = student.make_realnvp(4, 8)
    student.remote(testmodels.reinit_normal_, flow, std=0.3, seed=3)
    flow = student.remote(testmodels.set_dtype_, flow, "float64")
    edges = torch.linspace(-8, 8, 401, dtype=F64)
    c = (edges[1:] + edges[:-1]) / 2
    grid = torch.cartesian_prod(c, c)
    z, logdet = flow_call(flow, grid, "FlowSequence.forward")
    lp = check_tensor(flow.log_prob(grid), (grid.shape[0],), F64, "log_prob")
    check_finite(lp, "log_prob on the grid")
    want = std_normal_logprob(z) + logdet
    err = max_err(lp, want)
    assert err <= 1e-8 * (1 + float(want.abs().max())), f"log_prob differs from log N(forward(x)) + logdet by up to {err:.3g}"
    mass = float(lp.exp().sum()) * (16 / 400) ** 2
    assert abs(mass - 1) <= 1e-2, f"exp(log_prob) integrates to {mass:.4f} over [-8, 8]^2, not 1"


@points(4)
@visibility("hidden")
def test_make_realnvp_alternating_masks(student, support):
    """make_realnvp(5, 16) has 5 float32 coupling layers in `layers`; with random weights, layer k copies x_1 and moves x_2 when k is even, and the other way round when k is odd; each layer has the parameters of AffineCoupling(2, mask_k, hidden=16); make_realnvp() has the defaults n_layers=8, hidden=64."""
    flow = student.make_realnvp(5, 16)
    student.remote(testmodels.reinit_normal_, flow, std=0.5, seed=4)
    x = randn((6, 2), 5, F32, scale=2.0)
    outs = student.remote(support.each_layer, flow, x)
    assert isinstance(outs, list) and len(outs) == 5, (
        f"make_realnvp(5, 16) should have 5 layers in `layers`; found {len(outs) if isinstance(outs, list) else outs}"
    )
    for k, out in enumerate(outs):
        assert isinstance(out, tuple | list) and len(out) == 2, f"layer {k} should return (z, logdet)"
        z = check_tensor(out[0], (6, 2), F32, f"layer {k}'s z")
        keep, move = (0, 1) if k % 2 == 0 else (1, 0)
        assert torch.equal(z[:, keep], x[:, keep]), f"layer {k} should copy coordinate {keep + 1} (mask {[k % 2 == 0, k % 2 == 1]})"
        assert max_err(z[:, move], x[:, move]) > 1e-5, f"layer {k} should transform coordinate {move + 1}"
    lp = check_tensor(flow.log_prob(x), (6,), F32, "log_prob of make_realnvp's flow")
    check_finite(lp, "log_prob")
    # every layer is AffineCoupling(2, mask_k, hidden=hidden): the student's own layer's shapes
    got = shapes(flow.state_dict())
    for k in range(5):
        mask = torch.tensor([k % 2 == 0, k % 2 == 1])
        want = {f"layers.{k}.{n}": s for n, s in shapes(student.AffineCoupling(2, mask, hidden=16).state_dict()).items()}
        have = {n: s for n, s in got.items() if n.startswith(f"layers.{k}.")}
        assert have == want, (
            f"layer {k} of make_realnvp(5, 16) has the parameters {have}; AffineCoupling(2, mask, hidden=16) has {want}"
        )
    # the defaults: make_realnvp() is make_realnvp(n_layers=8, hidden=64)
    default = shapes(student.make_realnvp().state_dict())
    explicit = shapes(student.make_realnvp(n_layers=8, hidden=64).state_dict())
    assert default == explicit, (
        "make_realnvp() does not build the same layers as make_realnvp(n_layers=8, hidden=64) (the defaults)"
    )
    outs = student.remote(support.each_layer, student.make_realnvp(), x)
    assert isinstance(outs, list) and len(outs) == 8, "make_realnvp() should have 8 layers (n_layers=8 by default)"


def shapes(state):
    """{name: shape} of a state_dict that came back by value."""
    assert isinstance(state, dict), f"state_dict() should be a mapping; got {type(state).__name__}"
    return {n: tuple(v.shape) for n, v in state.items() if isinstance(v, torch.Tensor)}


@points(3)
@visibility("hidden")
def test_flow_sequence_inverse_and_sample(student, support):
    """FlowSequence of three random 3-D couplings (float64): forward's logdet is the sum over the layers (log|det| of the Jacobian, finite differences), inverse undoes forward with minus its logdet (layers reversed); sample(n, generator) is inverse(torch.randn(n, layers[0].dim, generator=generator, dtype=float64))[0], drawn from the generator given, the global one when None, leaving the global RNG alone otherwise."""
    masks = ([True, False, True], [False, True, False], [True, True, False])
    layers = [random_layer(student, 3, m, seed=20 + i) for i, m in enumerate(masks)]
    flow = student.FlowSequence(layers)
    x = randn((5, 3), 21, scale=1.5)
    z, logdet = flow_call(flow, x, "FlowSequence.forward")
    check_finite(z, "FlowSequence.forward")
    _, fd = torch.linalg.slogdet(fd_jacobian(flow, x, "FlowSequence.forward"))
    err = max_err(logdet, fd)
    assert err <= 1e-6 * (1 + float(fd.abs().max())), (
        f"FlowSequence.forward's logdet differs from log|det| of its Jacobian (finite differences) by up to {err:.3g}"
    )
    back, logdet_inv = flow_call(flow.inverse, z, "FlowSequence.inverse")
    err = max_err(back, x)
    assert err <= 1e-8 * (1 + float(x.abs().max())), (
        f"FlowSequence.inverse(forward(x)) differs from x by up to {err:.3g}: the inverses apply in reverse order"
    )
    err = max_err(logdet_inv, -logdet)
    assert err <= 1e-8 * (1 + float(logdet.abs().max())), f"inverse's logdet is not minus forward's (off by {err:.3g})"
    for seed, glob in ((3, 500), (3, 501), (8, 500)):
        student.remote(testmodels.reseed_global, glob)
        gen = student.remote(testmodels.generator, seed)
        got = check_tensor(flow.sample(7, generator=gen), (7, 3), F64, "FlowSequence.sample(7, generator)")
        noise = torch.randn(7, 3, generator=torch.Generator().manual_seed(seed), dtype=F64)
        want = flow_call(flow.inverse, noise, "FlowSequence.inverse")[0]
        err = max_err(got, want)
        assert err <= 1e-10 * (1 + float(want.abs().max())), (
            f"sample(7, generator seeded {seed}) differs from inverse(torch.randn(7, 3, generator=generator))[0] by "
            f"{err:.3g} (global seed {glob})"
        )
        after = student.remote(support.moons, 3)
        assert torch.equal(after, support.moons(3, generator=torch.Generator().manual_seed(glob))), (
            "FlowSequence.sample with a generator drew from (or reseeded) the global RNG"
        )
    for args in ((), (None,)):
        student.remote(testmodels.reseed_global, 42)
        got = check_tensor(flow.sample(4, *args), (4, 3), F64, f"FlowSequence.sample(4{', None' if args else ''})")
        noise = torch.randn(4, 3, generator=torch.Generator().manual_seed(42), dtype=F64)
        want = flow_call(flow.inverse, noise, "FlowSequence.inverse")[0]
        err = max_err(got, want)
        assert err <= 1e-10 * (1 + float(want.abs().max())), (
            f"after torch.manual_seed(42), sample(4{', None' if args else ''}) differs from inverse of the global "
            f"generator's torch.randn(4, 3) by {err:.3g} (generator=None means the global generator)"
        )


def replay_nll(support, a, b, n_iters, batch, lr, seed):
    """The recipe of train_nll, on the trusted side, on the same linear density."""
    model = support.LinearDensity(a, b)
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(n_iters):
        x = support.moons(batch, generator=gen)
        loss = -model.log_prob(x).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses, model


@points(5)
@visibility("hidden")
def test_train_nll_replays_recipe(student, support):
    """train_nll on a linear flow z = x A^T + b (4 steps, batch 32, lr 0.05): the losses it returns (a list of Python floats) and the trained A, b (trained in place) equal a replay of the recipe (fresh support.moons batches from the seeded generator, loss -mean log_prob, Adam with zero_grad at every step); the global RNG is left alone; the defaults are batch=256, lr=1e-3, seed=0."""
    gen = torch.Generator().manual_seed(11)
    a = torch.eye(2) + 0.3 * torch.randn(2, 2, generator=gen)
    b = 0.5 * torch.randn(2, generator=gen)
    for seed in (0, 5):
        model = student.remote(support.LinearDensity, a, b)
        student.remote(testmodels.reseed_global, 99 + seed)
        got = student.train_nll(model, n_iters=4, batch=32, lr=0.05, seed=seed)
        want, local = replay_nll(support, a, b, 4, 32, 0.05, seed)
        after = student.remote(support.moons, 3)
        assert torch.equal(after, support.moons(3, generator=torch.Generator().manual_seed(99 + seed))), (
            "train_nll drew from (or reseeded) the global RNG: it should use only its own seeded generator"
        )
        assert isinstance(got, list) and len(got) == 4, (
            f"train_nll(n_iters=4) should return a list of 4 losses; got {got!r}"
        )
        assert all(type(v) is float for v in got), (
            f"train_nll's losses should be Python floats (loss.item()); got {[type(v).__name__ for v in got]}"
        )
        assert all(abs(g - w) <= 1e-5 * (1 + abs(w)) for g, w in zip(got, want)), (
            f"train_nll's losses {[round(v, 5) for v in got]} differ from the recipe's {[round(v, 5) for v in want]} "
            f"(seed {seed}): data from support.moons(batch, generator=gen), loss -log_prob(x).mean(), Adam"
        )
        for name in ("A", "b"):
            p = check_tensor(getattr(model, name), tuple(getattr(local, name).shape), F32, f"the trained {name}")
            err = max_err(p, getattr(local, name).detach())
            assert err <= 1e-5, (
                f"after 4 steps the parameter {name} differs from the recipe's by {err:.3g} (seed {seed}): "
                "one zero_grad, backward and Adam step per batch"
            )
        assert math.isfinite(got[-1])
    # the defaults batch=256, lr=1e-3, seed=0 (n_iters given: 2000 steps would cost the suite's time)
    model = student.remote(support.LinearDensity, a, b)
    got = student.train_nll(model, n_iters=3)
    want, local = replay_nll(support, a, b, 3, 256, 1e-3, 0)
    assert isinstance(got, list) and len(got) == 3, f"train_nll(model, n_iters=3) should return 3 losses; got {got!r}"
    err = max(abs(float(g) - w) / (1 + abs(w)) for g, w in zip(got, want))
    assert err <= 1e-5, (
        f"train_nll(model, n_iters=3) differs from the recipe with batch=256, lr=1e-3, seed=0 (the defaults) by {err:.3g}"
    )
    for name in ("A", "b"):
        err = max_err(check_tensor(getattr(model, name), tuple(getattr(local, name).shape), F32, name), getattr(local, name).detach())
        assert err <= 1e-5, f"train_nll(model, n_iters=3) with the defaults trains {name} {err:.3g} away from the recipe's"
