"""Hidden tests of HW07: the VP SDE's beta(t) and its perturbation kernel (a_t, sigma_t)."""

import math

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from sdecheck import F32, F64, beta_closed, expect_tensor, f32_ok, max_err, vp_closed

from autograder import testmodels
from autograder.testing import points

shapes = st.sampled_from([(), (1,), (7,), (2, 3)])
schedules = st.one_of(
    st.just((0.1, 20.0)),
    st.tuples(st.floats(0.01, 1.0), st.floats(1.0, 30.0)),
)


def _times(shape, seed, dtype):
    g = torch.Generator().manual_seed(seed)
    t = torch.rand(shape, generator=g, dtype=F64)
    if t.numel() >= 3:  # the ends and a tiny time (cancellation in 1 - exp(-B))
        flat = t.reshape(-1)
        flat[0], flat[1], flat[2] = 0.0, 1.0, 1e-4
    return t.to(dtype)


def _pair(out, what):
    assert isinstance(out, tuple | list) and len(out) == 2, f"{what} should return the pair (a_t, sigma_t); got {type(out).__name__}"
    return out


@points(2)
@given(shape=shapes, sched=schedules, dtype=st.sampled_from([F64, F32]), seed=st.integers(0, 1000))
@settings(max_examples=20)
def test_vp_beta_closed_form(student, shape, sched, dtype, seed):
    """vp_beta(t, beta_min, beta_max) = beta_min + t (beta_max - beta_min), a tensor of the shape and dtype of t;
    a Python float t gives a 0-dim float64 tensor."""
    bmin, bmax = sched
    t = _times(shape, seed, dtype)
    got = expect_tensor(student.vp_beta(t, bmin, bmax), shape, dtype, f"vp_beta on a {str(dtype)[6:]} tensor of shape {shape}")
    want = beta_closed(t.to(F64), bmin, bmax)
    ok = torch.allclose(got, want, rtol=1e-12, atol=1e-12) if dtype == F64 else f32_ok(got, want)
    assert ok, f"vp_beta(t, {bmin}, {bmax}) is off by {max_err(got, want):.3g}"
    got = expect_tensor(student.vp_beta(0.25), (), F64, "vp_beta(0.25) (a Python float)")
    assert abs(got.item() - (0.1 + 0.25 * 19.9)) <= 1e-12, f"vp_beta(0.25) with the defaults = {got.item()}; expected {0.1 + 0.25 * 19.9}"


@points(3)
@given(shape=shapes, sched=schedules, dtype=st.sampled_from([F64, F32]), seed=st.integers(0, 1000))
@settings(max_examples=25)
def test_vp_marginal_closed_form(student, shape, sched, dtype, seed):
    """vp_marginal(t, beta_min, beta_max) = (a_t, sigma_t) with a_t = exp(-B/2), sigma_t = sqrt(1 - exp(-B)),
    B = beta_min t + (beta_max - beta_min) t^2 / 2: tensors of the shape and dtype of t (t = 0, 1e-4 and 1 included)."""
    bmin, bmax = sched
    t = _times(shape, seed, dtype)
    a, s = _pair(student.vp_marginal(t, bmin, bmax), "vp_marginal")
    what = f"vp_marginal on a {str(dtype)[6:]} tensor of shape {shape}"
    a, s = expect_tensor(a, shape, dtype, what + ": a_t"), expect_tensor(s, shape, dtype, what + ": sigma_t")
    wa, ws = vp_closed(t.to(F64), bmin, bmax)
    for name, got, want in (("a_t", a, wa), ("sigma_t", s, ws)):
        ok = torch.allclose(got, want, rtol=1e-10, atol=1e-12) if dtype == F64 else f32_ok(got, want)
        assert ok, f"{what}, beta in [{bmin:.3g}, {bmax:.3g}]: {name} is off by {max_err(got, want):.3g}"


@points(2)
@given(t=st.floats(0.0, 1.0), sched=schedules)
@settings(max_examples=25)
def test_vp_marginal_unit_variance(student, t, sched):
    """The kernel preserves variance: a_t^2 + sigma_t^2 = 1 at every t (Python float t, 0-dim float64 results);
    a_0 = 1, sigma_0 = 0, and a_t equals exp(-B(t)/2)."""
    bmin, bmax = sched
    a, s = _pair(student.vp_marginal(t, bmin, bmax), "vp_marginal")
    a, s = expect_tensor(a, (), F64, f"vp_marginal({t}): a_t"), expect_tensor(s, (), F64, f"vp_marginal({t}): sigma_t")
    assert abs(a.item() ** 2 + s.item() ** 2 - 1) <= 1e-12, f"t = {t}: a_t^2 + sigma_t^2 = {a.item() ** 2 + s.item() ** 2:.15g}, not 1"
    wa, _ = vp_closed(torch.tensor(t, dtype=F64), bmin, bmax)
    assert abs(a.item() - wa.item()) <= 1e-12, f"t = {t}: a_t = {a.item():.12g}; expected exp(-B/2) = {wa.item():.12g}"
    a0, s0 = student.vp_marginal(0.0, bmin, bmax)
    assert a0.item() == 1.0 and s0.item() == 0.0, f"at t = 0 the kernel is the identity: (a, sigma) = (1, 0), got ({a0.item()}, {s0.item()})"


@points(3)
def test_vp_marginal_matches_forward_sde_simulation(student, support):
    """The perturbation kernel is the law of the VP SDE dx = -beta(t) x / 2 dt + sqrt(beta(t)) dW started at x0:
    simulating it with your euler_maruyama (500 steps per unit time, 10000 paths from x0 = (3, -1)) gives mean
    a_t x0 and standard deviation sigma_t at t = 0.1, 0.5, 1, the values of vp_marginal and of the closed form, within
    5 standard errors plus the scheme's bias (0.01)."""
    n = 10000
    x0 = torch.tensor([3.0, -1.0], dtype=F64).expand(n, 2).clone()
    drift, diff = student.remote(support.VPDrift), student.remote(support.VPDiffusion)
    for k, t in enumerate((0.1, 0.5, 1.0)):
        x = student.euler_maruyama(drift, diff, x0, 0.0, t, max(1, round(500 * t)), student.remote(testmodels.generator, 20 + k))
        x = expect_tensor(x, (n, 2), F64, "euler_maruyama on the VP SDE")
        a, s = _pair(student.vp_marginal(t), "vp_marginal")
        wa, ws = vp_closed(torch.tensor(t, dtype=F64))
        assert abs(float(a) - wa.item()) <= 1e-10 and abs(float(s) - ws.item()) <= 1e-10, (
            f"vp_marginal({t}) = ({float(a):.6g}, {float(s):.6g}); the kernel of the VP SDE has ({wa.item():.6g}, {ws.item():.6g})"
        )
        se = ws.item() / math.sqrt(n)
        mean, std = x.mean(0), x.std(0)
        assert ((mean - wa * x0[0]).abs() <= 5 * se + 0.01).all(), (
            f"t = {t}: the simulated VP SDE has mean {mean.tolist()}; the kernel says a_t x0 = {(wa * x0[0]).tolist()}"
        )
        assert ((std - ws).abs() <= 5 * ws.item() / math.sqrt(2 * (n - 1)) + 0.01).all(), (
            f"t = {t}: the simulated VP SDE has standard deviation {std.tolist()}; the kernel says sigma_t = {ws.item():.4f}"
        )


@points(1)
def test_vp_marginal_small_t_keeps_digits(student):
    """For small t, sigma_t = sqrt(1 - e^{-B}) keeps its digits (1 - e^{-B} computed without cancellation, as
    -expm1(-B)): at t = 1e-12 to 1e-4 (float64 tensor, and a Python float) sigma_t and a_t agree with the closed form to
    1e-10 relative."""
    t = torch.tensor([1e-12, 1e-10, 1e-8, 1e-6, 1e-4], dtype=F64)
    a, s = _pair(student.vp_marginal(t), "vp_marginal")
    a, s = expect_tensor(a, (5,), F64, "vp_marginal at small t: a_t"), expect_tensor(s, (5,), F64, "vp_marginal at small t: sigma_t")
    wa, ws = vp_closed(t)
    for name, got, want in (("a_t", a, wa), ("sigma_t", s, ws)):
        rel = ((got - want).abs() / want).max().item()
        assert rel <= 1e-10, (
            f"at t = {t.tolist()}: {name} = {got.tolist()}; expected {want.tolist()} (relative error {rel:.3g}: digits lost to cancellation)"
        )
    a, s = _pair(student.vp_marginal(1e-9), "vp_marginal")
    s = expect_tensor(s, (), F64, "vp_marginal(1e-9): sigma_t")
    want = vp_closed(torch.tensor(1e-9, dtype=F64))[1].item()
    assert abs(s.item() - want) <= 1e-10 * want, f"vp_marginal(1e-9): sigma_t = {s.item():.12g}; expected {want:.12g}"
