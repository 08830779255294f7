"""Hidden tests of Lab 1, part B: Flow, generate (spy and closed-form oracle), fm_log_prob
(exact linear field, random MLP field), train_cfm (replayed on an affine field)."""

import math

import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from labcheck import (
    F32,
    F64,
    check_finite,
    check_tensor,
    closed_form_field,
    max_err,
    randn,
    std_normal_logprob,
    time_linear_map,
    trusted_cnf_log_prob,
)
from scipy.optimize import linear_sum_assignment

from autograder import testmodels
from autograder.errors import StudentError
from autograder.testing import points, visibility


def trusted_flow_net(h, seed, dtype=F64):
    """The course's Flow architecture with the weights testmodels.reinit_normal_ draws (sorted names)."""
    names = sorted(
        [f"net.{i}.{w}" for i in (0, 2, 4, 6) for w in ("bias", "weight")]
    )
    shapes = {
        "net.0": (h, 3), "net.2": (h, h), "net.4": (h, h), "net.6": (2, h),
    }
    gen = torch.Generator().manual_seed(seed)
    params = {}
    for name in names:
        layer, kind = name.rsplit(".", 1)
        shape = shapes[layer] if kind == "weight" else (shapes[layer][0],)
        # testmodels.reinit_normal_ draws in float64, casts to the (float32) parameter, then scales
        params[name] = (torch.randn(shape, generator=gen, dtype=F64).to(F32) * 0.5).to(dtype)

    def net(x, t):
        y = torch.cat((t, x), -1).to(dtype)
        for i in (0, 2, 4):
            y = torch.nn.functional.elu(y @ params[f"net.{i}.weight"].T + params[f"net.{i}.bias"])
        return y @ params["net.6.weight"].T + params["net.6.bias"]

    return net


def random_flow(impl, h, seed, dtype="float64"):
    flow = impl.Flow(2, h)
    impl.remote(testmodels.reinit_normal_, flow, std=0.5, seed=seed)
    if dtype != "float32":
        flow = impl.remote(testmodels.set_dtype_, flow, dtype)
    return flow


@points(5)
@visibility("hidden")
@given(batch=st.integers(1, 6), h=st.sampled_from([2, 3, 8]), seed=st.integers(0, 10_000))
@example(batch=2, h=8, seed=0)
@example(batch=3, h=3, seed=1)
@settings(deadline=None, max_examples=10)
def test_flow_is_the_course_mlp(student, batch, h, seed):
    """Flow(2, h).forward(x_t, t) = net(cat((t, x_t), -1)) with the course's ELU MLP (weights loaded by name, float64 and float32), and euler_step(x_t, t, s) = x_t + s * forward(x_t, t)."""
    net = trusted_flow_net(h, seed)
    x = randn((batch, 2), seed, scale=2.0)
    t = torch.rand(batch, 1, generator=torch.Generator().manual_seed(seed), dtype=F64)
    for dtype in (F64, F32):
        flow = random_flow(student, h, seed, str(dtype).replace("torch.", ""))
        u = check_tensor(flow(x.to(dtype), t.to(dtype)), (batch, 2), dtype, f"Flow.forward in {dtype}")
        want = net(x, t)
        tol = 1e-10 if dtype == F64 else 1e-4
        err = max_err(u, want)
        assert err <= tol * (1 + float(want.abs().max())), (
            f"Flow(2, {h}).forward differs from net(cat((t, x_t), -1)) by up to {err:.3g} ({dtype}, B = {batch})"
        )
        step = check_tensor(
            flow.euler_step(x.to(dtype), t.to(dtype), 0.3), (batch, 2), dtype, "Flow.euler_step"
        )
        err = max_err(step, x + 0.3 * want)
        assert err <= tol * (1 + float(want.abs().max())), (
            f"euler_step(x_t, t, 0.3) differs from x_t + 0.3 u(x_t, t) by up to {err:.3g} ({dtype})"
        )


@points(5)
@visibility("hidden")
def test_generate_time_grid_and_noise(student, support):
    """generate(flow, n, n_steps, seed) starts from torch.randn(n, flow.dim) drawn with a generator seeded `seed` (in the flow's dtype), calls flow.euler_step exactly n_steps times at t = k/n_steps (shape (n, 1), the flow's dtype) with stepsize 1/n_steps, and returns the last state of shape (n, flow.dim); it neither uses nor reseeds the global RNG; defaults n_steps=100, seed=0."""
    for n, n_steps, seed, dim in [(4, 1, 0, 2), (2, 2, 7, 2), (5, 7, 3, 3), (3, 3, 11, 2)]:
        spy = student.remote(support.EulerSpy, dim, 0.5)
        student.remote(testmodels.reseed_global, 1000 + seed)
        out = check_tensor(
            student.generate(spy, n, n_steps=n_steps, seed=seed), (n, dim), F32, f"generate (flow.dim = {dim})"
        )
        after = student.remote(support.moons, 3)
        assert torch.equal(after, support.moons(3, generator=torch.Generator().manual_seed(1000 + seed))), (
            "generate drew from (or reseeded) the global RNG: its noise comes from its own seeded generator"
        )
        calls = spy.calls
        methods = [c[0] for c in calls]
        assert methods == ["euler_step"] * n_steps, (
            f"with n_steps = {n_steps} generate should call flow.euler_step {n_steps} times (and nothing "
            f"else); the calls were {methods}"
        )
        for k, (_, dtype, shape, values, stepsize) in enumerate(calls):
            assert shape == [n, 1] and dtype == "float32", (
                f"call {k + 1} got t of shape {tuple(shape)} ({dtype}); expected ({n}, 1) float32 like the flow"
            )
            assert all(abs(v - k / n_steps) <= 1e-6 for v in values), (
                f"call {k + 1} of euler_step got t = {values[:3]}...; expected {k}/{n_steps}"
            )
            assert stepsize is not None and abs(stepsize - 1 / n_steps) <= 1e-9, (
                f"call {k + 1} of euler_step got stepsize {stepsize}; expected 1/{n_steps}"
            )
        x0 = torch.randn(n, dim, generator=torch.Generator().manual_seed(seed))
        want = x0 * (1 + 0.5 / n_steps) ** n_steps
        err = max_err(out, want)
        assert err <= 1e-5 * (1 + float(want.abs().max())), (
            f"generate(n={n}, n_steps={n_steps}, seed={seed}) is off by {err:.3g}: it should start from "
            "torch.randn(n, flow.dim, generator=torch.Generator().manual_seed(seed)) and apply the Euler steps"
        )
    # the defaults: n_steps=100, seed=0
    spy = student.remote(support.EulerSpy, 2, 0.5)
    student.remote(testmodels.reseed_global, 5)
    out = check_tensor(student.generate(spy, 3), (3, 2), F32, "generate(flow, 3)")
    calls = spy.calls
    assert len(calls) == 100 and all(abs(c[4] - 0.01) <= 1e-12 for c in calls), (
        f"generate(flow, 3) made {len(calls)} Euler steps; the default is n_steps=100 (stepsize 1/100)"
    )
    want = torch.randn(3, 2, generator=torch.Generator().manual_seed(0)) * (1 + 0.5 / 100) ** 100
    err = max_err(out, want)
    assert err <= 1e-5 * (1 + float(want.abs().max())), (
        f"generate(flow, 3) is off by {err:.3g} from 100 Euler steps from the noise of seed 0 (the defaults)"
    )


@points(8)
@visibility("hidden")
def test_generate_closed_form_reproduces_training_points(student, support):
    """With the closed-form field of 256 training moons (float64), generate(oracle, 100, n_steps=500) follows the Euler scheme of that field (as integrated here, 1e-6) and its samples land on training points (85 % within 1e-5, all within 1e-2), many distinct ones: the ideal field memorises its data."""
    gen = torch.Generator().manual_seed(2024)
    data = support.moons(256, generator=gen, dtype=F64)
    oracle = student.remote(support.ClosedFormFlow, data)
    n_steps = 500
    out = check_tensor(student.generate(oracle, 100, n_steps=n_steps, seed=5), (100, 2), F64, "generate")
    check_finite(out, "generate with the closed-form field")
    x = torch.randn(100, 2, generator=torch.Generator().manual_seed(5), dtype=F64)
    for k in range(n_steps):
        x = x + closed_form_field(x, k / n_steps, data) / n_steps
    err = max_err(out, x)
    assert err <= 1e-6 * (1 + float(x.abs().max())), (
        f"generate with the closed-form field differs from its Euler scheme ({n_steps} steps) by up to {err:.3g}"
    )
    dist, nearest = torch.cdist(out, data).min(1)
    close = float((dist <= 1e-5).double().mean())
    assert close >= 0.85 and float(dist.max()) <= 1e-2, (
        f"only {100 * close:.0f} % of the closed-form field's samples end within 1e-5 of a training point "
        f"(the farthest is {float(dist.max()):.3g} away)"
    )
    assert nearest.unique().numel() >= 50, "the samples collapse on a few training points"


@points(6)
@visibility("hidden")
@given(seed=st.integers(0, 10_000), batch=st.sampled_from([2, 3, 7]))
@example(seed=0, batch=2)
@settings(deadline=None, max_examples=6)
def test_fm_log_prob_linear_field(student, support, seed, batch):
    """For the linear field u(x, t) = x (A + t B)^T (A, B not commuting), fm_log_prob(x) = log N(M^-1 x; 0, I) - log|det M| where x_1 = M x_0 is its exact flow (float64, 1e-6 relative; RK4 with 50 steps is that accurate here)."""
    gen = torch.Generator().manual_seed(seed)
    a = 0.6 * torch.randn(2, 2, generator=gen, dtype=F64)
    b = 0.6 * torch.randn(2, 2, generator=gen, dtype=F64)
    field = student.remote(support.TimeLinearField, a, b)
    x = randn((batch, 2), seed + 1, scale=1.5)
    got = check_tensor(student.fm_log_prob(field, x), (batch,), F64, "fm_log_prob")
    m = time_linear_map(a, b)
    x0 = torch.linalg.solve(m, x.T).T
    want = std_normal_logprob(x0) - torch.linalg.slogdet(m)[1]
    err = max_err(got, want)
    assert err <= 1e-6 * (1 + float(want.abs().max())), (
        f"fm_log_prob differs from the exact log-density of the linear flow by up to {err:.3g} (B = {batch})"
    )


@points(7)
@visibility("hidden")
def test_fm_log_prob_mlp_field(student):
    """For a random tanh-MLP field u(x, t) (float64), fm_log_prob(x, n_steps) equals RK4 backwards from t = 1 with the exact divergence, as integrated here with finite differences (1e-6), for n_steps = 50 and 7; n_steps defaults to 50; x is not modified; float32 inputs give a float32 result close to it (1e-3)."""
    field = student.remote(testmodels.MLP, 2, 2, hidden=16, seed=7, time_input=True, dtype="float64")
    local = testmodels.MLP(2, 2, hidden=16, seed=7, time_input=True, dtype="float64")
    x = randn((5, 2), 8, scale=1.5)
    for n in (50, 7):
        got = check_tensor(student.fm_log_prob(field, x, n_steps=n), (5,), F64, "fm_log_prob")
        if n == 50:
            got50 = got
        with torch.no_grad():
            want = trusted_cnf_log_prob(local, x, n, "the MLP field")
        err = max_err(got, want)
        assert err <= 1e-6 * (1 + float(want.abs().max())), (
            f"fm_log_prob(n_steps={n}) differs from RK4 with the exact divergence by up to {err:.3g}"
        )
    # the default n_steps is 50, and x is left as it was
    out, after = student.remote(testmodels.call_keeping_inputs, student.get("fm_log_prob"), field, x)
    assert isinstance(after, list) and torch.equal(after[1], x), "fm_log_prob modified x in place"
    default = check_tensor(out, (5,), F64, "fm_log_prob(flow, x)")
    err = max_err(default, got50)
    assert err <= 1e-12 * (1 + float(got50.abs().max())), (
        f"fm_log_prob(flow, x) differs from fm_log_prob(flow, x, n_steps=50) by {err:.3g} (the default is 50 steps)"
    )
    field32 = student.remote(testmodels.MLP, 2, 2, hidden=16, seed=7, time_input=True, dtype="float32")
    x32 = x.to(F32)
    got32 = check_tensor(student.fm_log_prob(field32, x32), (5,), F32, "fm_log_prob on float32 inputs")
    err = max_err(got32, want)
    assert err <= 1e-3 * (1 + float(want.abs().max())), f"float32 fm_log_prob is off by {err:.3g}"


def replay_cfm(support, w, b, c, n_iters, batch, lr, seed, coupling):
    """The recipe of train_cfm, on the trusted side, on the same affine field."""
    field = support.AffineField(w, b, c)
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(field.parameters(), lr=lr)
    losses = []
    for _ in range(n_iters):
        x1 = support.moons(batch, generator=gen)
        x0 = torch.randn(batch, 2, generator=gen)
        t = torch.rand(batch, 1, generator=gen)
        if coupling == "ot":
            cost = ((x0[:, None, :].double() - x1[None, :, :].double()) ** 2).sum(-1).numpy()
            rows, cols = linear_sum_assignment(cost)
            x1 = x1[torch.as_tensor(cols, dtype=torch.long)]
        x_t = (1 - t) * x0 + t * x1
        loss = ((field(x_t, t) - (x1 - x0)) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses, field


def check_replay(student, support, coupling, seeds):
    gen = torch.Generator().manual_seed(21)
    w, b, c = (0.4 * torch.randn(s, generator=gen) for s in ((2, 2), (2,), (2,)))
    for seed in seeds:
        field = student.remote(support.AffineField, w, b, c)
        student.remote(testmodels.reseed_global, 77 + seed)
        got = student.train_cfm(field, n_iters=4, batch=12, lr=0.05, seed=seed, coupling=coupling)
        want, local = replay_cfm(support, w, b, c, 4, 12, 0.05, seed, coupling)
        after = student.remote(support.moons, 3)
        assert torch.equal(after, support.moons(3, generator=torch.Generator().manual_seed(77 + seed))), (
            "train_cfm drew from (or reseeded) the global RNG: it should use only its own seeded generator"
        )
        assert isinstance(got, list) and len(got) == 4, (
            f"train_cfm(n_iters=4) should return a list of 4 losses; got {got!r}"
        )
        assert all(type(v) is float for v in got), (
            f"train_cfm's losses should be Python floats (loss.item()); got {[type(v).__name__ for v in got]}"
        )
        assert all(abs(g - v) <= 1e-5 * (1 + abs(v)) for g, v in zip(got, want)), (
            f"train_cfm(coupling={coupling!r}) losses {[round(v, 5) for v in got]} differ from the recipe's "
            f"{[round(v, 5) for v in want]} (seed {seed}): draw x1, x0, t in this order, x_t on the linear "
            "path, target x1 - x0, mean squared error"
            + (", x1 re-paired by the optimal assignment" if coupling == "ot" else "")
        )
        calls = field.calls
        assert calls == 4, f"train_cfm with 4 steps called the flow {calls} times; expected once per step"
        for name in ("W", "b", "c"):
            p = check_tensor(getattr(field, name), tuple(getattr(local, name).shape), F32, f"the trained {name}")
            err = max_err(p, getattr(local, name).detach())
            assert err <= 1e-5, (
                f"after 4 steps the parameter {name} differs from the recipe's by {err:.3g} (seed {seed}): "
                "one zero_grad, backward and Adam step per batch"
            )


@points(7)
@visibility("hidden")
def test_train_cfm_replays_recipe(student, support):
    """train_cfm(coupling='independent') on an affine field u = x W^T + b + t c (4 steps, batch 12, lr 0.05): its losses (a list of Python floats) and parameters (trained in place) equal a replay of the recipe (x1, x0, t drawn in this order from the seeded generator, one call of the field, target x1 - x0, Adam with zero_grad); the global RNG is left alone; the defaults are batch=256, lr=1e-3, seed=0, coupling='independent'."""
    check_replay(student, support, "independent", (0, 3))
    gen = torch.Generator().manual_seed(21)
    w, b, c = (0.4 * torch.randn(s, generator=gen) for s in ((2, 2), (2,), (2,)))
    field = student.remote(support.AffineField, w, b, c)
    got = student.train_cfm(field, n_iters=3)
    want, local = replay_cfm(support, w, b, c, 3, 256, 1e-3, 0, "independent")
    assert isinstance(got, list) and len(got) == 3, f"train_cfm(flow, n_iters=3) should return 3 losses; got {got!r}"
    err = max(abs(float(g) - v) / (1 + abs(v)) for g, v in zip(got, want))
    assert err <= 1e-5, (
        f"train_cfm(flow, n_iters=3) differs from the recipe with batch=256, lr=1e-3, seed=0, independent pairs (the defaults) by {err:.3g}"
    )
    for name in ("W", "b", "c"):
        err = max_err(check_tensor(getattr(field, name), tuple(getattr(local, name).shape), F32, name), getattr(local, name).detach())
        assert err <= 1e-5, f"train_cfm(flow, n_iters=3) with the defaults trains {name} {err:.3g} away from the recipe's"


@points(4)
@visibility("hidden")
def test_train_cfm_ot_replays_recipe(student, support):
    """train_cfm(coupling='ot') re-pairs each batch by the optimal assignment of squared distances before the same steps: losses and parameters equal the replay; an unknown coupling raises ValueError."""
    check_replay(student, support, "ot", (1, 2))
    field = student.remote(support.AffineField, torch.eye(2), torch.zeros(2), torch.zeros(2))
    try:
        student.train_cfm(field, n_iters=1, batch=4, coupling="sinkhorn")
    except StudentError as exc:
        if exc.not_answered:
            raise
        assert exc.kind == "ValueError", (
            f"train_cfm(coupling='sinkhorn') raised {exc.kind}; expected a ValueError"
        )
    else:
        raise AssertionError("train_cfm(coupling='sinkhorn') should raise ValueError; it returned")
