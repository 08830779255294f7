"""Hidden tests of HW05: the conditional flow matching loss."""

import torch
from fmcheck import F32, F64, check_finite, check_tensor, f32_ok, max_err, randn, time_field, times
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility

bd = st.one_of(
    st.integers(1, 6).map(lambda b: (b, b)),  # batch == feature dim
    st.tuples(st.integers(1, 7), st.integers(1, 5)),
)


@points(4)
@visibility("hidden")
@given(bd=bd, seed=st.integers(0, 10_000))
@example(bd=(4, 4), seed=0)
@example(bd=(5, 2), seed=1)
@settings(max_examples=20)
def test_cfm_loss_value(student, support, bd, seed):
    """cfm_loss is the mean over the batch AND the coordinates of (model(x_t, t) - (x1 - x0))², x_t on the linear path, for a time-dependent field; also for image batches (float64, 1e-10 relative)."""
    b, d = bd
    field, local = time_field(student, support, d, seed)
    x0, x1 = randn((b, d), seed, scale=2.0), randn((b, d), seed + 1, scale=2.0)
    t = times(b, seed)
    got = check_tensor(student.cfm_loss(field, x0, x1, t), (), F64, "cfm_loss (a scalar)")
    with torch.no_grad():
        want = ((local((1 - t) * x0 + t * x1, t) - (x1 - x0)) ** 2).mean()
    err = max_err(got, want)
    assert err <= 1e-10 * (1 + float(want)), (
        f"cfm_loss with B = {b}, D = {d} is {float(got):.10g}; the mean squared error over the batch and the "
        f"coordinates is {float(want):.10g}"
    )
    # image batch (B, C, H, W), t of shape (B, 1, 1, 1), a constant field
    shape = (b, 2, 3, d)
    c = randn(shape[1:], seed + 2)
    const = student.remote(support.ConstantField, c)
    x0, x1 = randn(shape, seed + 3), randn(shape, seed + 4)
    t = times(b, seed, 4)
    got = check_tensor(student.cfm_loss(const, x0, x1, t), (), F64, "cfm_loss on images (a scalar)")
    want = ((c - (x1 - x0)) ** 2).mean()
    err = max_err(got, want)
    assert err <= 1e-10 * (1 + float(want)), (
        f"cfm_loss on an image batch {shape} is {float(got):.10g}; the mean squared error over all elements is "
        f"{float(want):.10g}"
    )


@points(3)
@visibility("hidden")
@given(b=st.integers(1, 8), d=st.integers(1, 5), seed=st.integers(0, 10_000))
@example(b=3, d=3, seed=0)
@settings(max_examples=15)
def test_cfm_loss_zero_for_exact_field(student, support, b, d, seed):
    """When every pair has the same data point x1, the field (x1 - x) / (1 - t) is exact and cfm_loss is zero (1e-20); for a wrong field it is positive."""
    point = randn((d,), seed, scale=2.0)
    x1 = point.expand(b, d).clone()
    x0 = randn((b, d), seed + 1)
    t = times(b, seed, 2, 0.0, 0.9)
    oracle = student.remote(support.SinglePointField, point)
    got = check_tensor(student.cfm_loss(oracle, x0, x1, t), (), F64, "cfm_loss (a scalar)")
    check_finite(got, "cfm_loss")
    assert float(got) <= 1e-20, f"cfm_loss of the exact field is {float(got):.3g}, not 0"
    wrong = student.remote(support.SinglePointField, point + 1.0)
    got = check_tensor(student.cfm_loss(wrong, x0, x1, t), (), F64, "cfm_loss (a scalar)")
    want = float((((point + 1.0 - ((1 - t) * x0 + t * x1)) / (1 - t) - (x1 - x0)) ** 2).mean())
    assert abs(float(got) - want) <= 1e-10 * (1 + want), (
        f"cfm_loss of a field that is off by 1/(1 - t) is {float(got):.10g}; expected {want:.10g}"
    )


@points(3)
@visibility("hidden")
@given(bd=bd, seed=st.integers(0, 10_000))
@example(bd=(3, 3), seed=5)
@settings(max_examples=10)
def test_cfm_loss_backpropagates(student, support, bd, seed):
    """cfm_loss back-propagates to the model's parameters: after backward, every parameter's gradient equals the gradient of the exact loss (float64, 1e-9 relative)."""
    b, d = bd
    field, local = time_field(student, support, d, seed)
    x0, x1 = randn((b, d), seed, scale=2.0), randn((b, d), seed + 1, scale=2.0)
    t = times(b, seed)
    out = student.remote(support.loss_and_grads, student.get("cfm_loss"), field, x0, x1, t)
    assert isinstance(out, tuple | list) and len(out) == 2, (
        "support.loss_and_grads returned something unexpected"
    )
    loss, grads = out
    check_tensor(loss, (), F64, "cfm_loss (a scalar)")
    params = [p for _, p in sorted(local.named_parameters(), key=lambda kv: kv[0])]
    for p in params:
        p.grad = None
    want = ((local((1 - t) * x0 + t * x1, t) - (x1 - x0)) ** 2).mean()
    want.backward()
    names = [n for n, _ in sorted(local.named_parameters(), key=lambda kv: kv[0])]
    assert isinstance(grads, list) and len(grads) == len(params), (
        "the model's parameters could not be read back"
    )
    for name, g, p in zip(names, grads, params, strict=True):
        assert g is not None, (
            f"after cfm_loss(...).backward() the model parameter `{name}` has no gradient: the loss does not "
            "depend on the model's output through autograd"
        )
        g = check_tensor(g, tuple(p.shape), F64, f"the gradient of `{name}`")
        err = max_err(g, p.grad)
        assert err <= 1e-9 * (1 + float(p.grad.abs().max())), (
            f"the gradient of cfm_loss with respect to `{name}` is off by {err:.3g}"
        )


@points(2)
@visibility("hidden")
def test_cfm_loss_calls_model_once(student, support):
    """cfm_loss calls the model exactly once, as model(x_t, t) with the t it was given (same values, same shape (B, 1) or (B, 1, 1, 1), dtype of x0), and returns the mean squared error of that call's output (float64 1e-10 relative, float32 to float32 accuracy)."""
    cases = [((4, 4), F64), ((3, 2), F64), ((2, 3), F32), ((2, 1, 2, 3), F64)]
    for k, (shape, dtype) in enumerate(cases):
        spy = student.remote(support.TimeSpy, 0.5)  # u(x, t) = x / 2
        x0, x1 = randn(shape, 200 + k, dtype), randn(shape, 210 + k, dtype, 2.0)
        t = times(shape[0], 220 + k, len(shape), 0.05, 0.95, dtype)
        got = check_tensor(student.cfm_loss(spy, x0, x1, t), (), dtype, "cfm_loss (a scalar)")
        calls = spy.calls
        assert isinstance(calls, list)
        assert len(calls) == 1, (
            f"cfm_loss on a batch of shape {shape} called the model {len(calls)} times; it should call it "
            "once, as model(x_t, t)"
        )
        tdtype, tshape, values = calls[0]
        dname = str(dtype).replace("torch.", "")
        assert tshape == list(t.shape) and tdtype == dname, (
            f"cfm_loss called the model with t {tdtype} of shape {tuple(tshape)}; it was given t {dname} of "
            f"shape {tuple(t.shape)} and should pass it on as it is"
        )
        given_t = [float(v) for v in t.reshape(-1).to(F64)]
        assert values == given_t, (
            f"cfm_loss called the model at t = {values}; it was given t = {given_t}"
        )
        a0, a1, tt = x0.to(F64), x1.to(F64), t.to(F64)
        want = ((0.5 * ((1 - tt) * a0 + tt * a1) - (a1 - a0)) ** 2).mean()
        ok = (
            max_err(got, want) <= 1e-10 * (1 + float(want))
            if dtype == F64
            else f32_ok(got.reshape(1), want.reshape(1))
        )
        assert ok, (
            f"cfm_loss for the field u(x, t) = x / 2 on a batch of shape {shape} is {float(got):.10g}; the mean "
            f"squared error over all elements is {float(want):.10g}"
        )
