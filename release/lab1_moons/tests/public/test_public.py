"""Public checks of Lab 1 (students get this file; run it with `autograder check`).

A few fixed examples; the hidden tests check the same properties over many shapes, seeds and
dtypes, replay your training loops, and then train your models and judge them on fresh data.
"""

import math

import torch

from autograder import testmodels
from autograder.testing import points, visibility

F32, F64 = torch.float32, torch.float64


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), (
        f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    )
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t.detach()


@points(3)
@visibility("visible")
def test_public_realnvp_inverts(student):
    """make_realnvp(4, 8) with random weights: inverse(forward(x)) = x, logdet of shape (B,), and log_prob(x) = log N(z; 0, I) + logdet (float64)."""
    flow = student.make_realnvp(4, 8)
    student.remote(testmodels.reinit_normal_, flow, std=0.5, seed=0)
    flow = student.remote(testmodels.set_dtype_, flow, "float64")
    x = torch.tensor([[0.0, 0.5], [1.0, -0.5], [-1.0, 1.0]], dtype=F64)
    z, logdet = flow(x)
    z = _tensor(z, (3, 2), F64, "forward(x)[0]")
    logdet = _tensor(logdet, (3,), F64, "forward(x)[1] (the logdet)")
    assert (z - x).abs().max() > 1e-3, "with random weights, forward(x) should move x"
    back = _tensor(flow.inverse(z)[0], (3, 2), F64, "inverse(z)[0]")
    assert torch.allclose(back, x, atol=1e-9), f"inverse(forward(x)) = {back.tolist()}, not x"
    lp = _tensor(flow.log_prob(x), (3,), F64, "log_prob(x)")
    want = -0.5 * (z**2).sum(1) - math.log(2 * math.pi) + logdet
    assert torch.allclose(lp, want, atol=1e-9), "log_prob(x) is not log N(z; 0, I) + logdet"


@points(3)
@visibility("visible")
def test_public_flow_euler_step(student):
    """Flow(2, 8).euler_step(x, t, h) = x + h * flow(x, t), with t of shape (B, 1); the field depends on t."""
    flow = student.Flow(2, 8)
    student.remote(testmodels.reinit_normal_, flow, std=0.5, seed=1)
    x = torch.tensor([[0.0, 1.0], [2.0, -1.0], [0.5, 0.5]])
    t = torch.tensor([[0.0], [0.5], [0.9]])
    u = _tensor(flow(x, t), (3, 2), F32, "flow(x, t)")
    u0 = _tensor(flow(x, torch.zeros(3, 1)), (3, 2), F32, "flow(x, 0)")
    assert (u - u0).abs().max() > 1e-4, "the field does not depend on t"
    step = _tensor(flow.euler_step(x, t, 0.25), (3, 2), F32, "flow.euler_step(x, t, 0.25)")
    assert torch.allclose(step, x + 0.25 * u, atol=1e-6), (
        f"euler_step(x, t, 0.25) = {step.tolist()}; expected x + 0.25 * flow(x, t) = {(x + 0.25 * u).tolist()}"
    )


@points(4)
@visibility("visible")
def test_public_generate_calls_euler_step(student, support):
    """generate(spy, 3, n_steps=4, seed=0) calls spy.euler_step(x, t_k, 0.25) at t_k = 0, 0.25, 0.5, 0.75 (t of shape (3, 1)) starting from torch.randn(3, 2) drawn with a generator seeded 0; for the field 0.5 x it returns x0 (1 + 0.125)^4."""
    spy = student.remote(support.EulerSpy, 2, 0.5)
    out = _tensor(student.generate(spy, 3, n_steps=4, seed=0), (3, 2), F32, "generate(spy, 3, 4, 0)")
    calls = [(c[0], tuple(c[2]), c[3][0] if c[3] else None, c[4]) for c in spy.calls]
    want = [("euler_step", (3, 1), k / 4, 0.25) for k in range(4)]
    assert calls == want, f"the flow was called as (method, shape of t, t, stepsize) = {calls}; expected {want}"
    x0 = torch.randn(3, 2, generator=torch.Generator().manual_seed(0))
    assert torch.allclose(out, x0 * 1.125**4, atol=1e-5), (
        f"generate returned {out.tolist()}; expected x0 * 1.125^4 = {(x0 * 1.125**4).tolist()}"
    )
