"""Hidden tests of HW07: the drifts of the reverse-time SDE and of the probability-flow ODE."""

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from sdecheck import F64, batch_dims, expect_tensor, full_t, max_err, randn

from autograder.testing import points

BETAS = {"linear": lambda s: s.LinearBeta(0.1, 20.0), "sine": lambda s: s.SineBeta()}


@st.composite
def drift_case(draw):
    b, d = draw(batch_dims())
    t = draw(st.one_of(st.sampled_from([1e-3, 0.5, 1.0]), st.floats(1e-3, 1.0)))
    return b, d, t, draw(st.sampled_from(sorted(BETAS))), draw(st.integers(0, 2**16))


def _setup(student, support, case):
    b, d, t, beta_name, seed = case
    x = randn((b, d), seed, scale=2.0)
    score = student.remote(support.ScoreMLP, d, seed=seed % 100)
    beta_fn = student.remote(getattr(support, {"linear": "LinearBeta", "sine": "SineBeta"}[beta_name]))
    local_beta = BETAS[beta_name](support)
    with torch.no_grad():
        s = support.ScoreMLP(d, seed=seed % 100)(x, full_t(x, t))
    return x, t, score, beta_fn, local_beta(t), s


@points(3)
@given(case=drift_case())
@settings(max_examples=20)
def test_reverse_sde_drift_formula(student, support, case):
    """reverse_sde_drift(x, t, score, beta_fn) = f - g^2 s = -beta(t) x / 2 - beta(t) score(x, t) for any beta_fn,
    any t in [1e-3, 1] and batch shape (B == D included)."""
    x, t, score, beta_fn, beta, s = _setup(student, support, case)
    got = expect_tensor(student.reverse_sde_drift(x, t, score, beta_fn), x.shape, F64, "reverse_sde_drift")
    want = -0.5 * beta * x - beta * s
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-11), f"t = {t:.4g}, beta(t) = {beta:.4g}: off by {max_err(got, want):.3g}"


@points(3)
@given(case=drift_case())
@settings(max_examples=20)
def test_pf_ode_drift_formula(student, support, case):
    """pf_ode_drift(x, t, score, beta_fn) = f - g^2 s / 2 = -beta(t) x / 2 - beta(t) score(x, t) / 2 for any beta_fn,
    any t in [1e-3, 1] and batch shape (B == D included)."""
    x, t, score, beta_fn, beta, s = _setup(student, support, case)
    got = expect_tensor(student.pf_ode_drift(x, t, score, beta_fn), x.shape, F64, "pf_ode_drift")
    want = -0.5 * beta * x - 0.5 * beta * s
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-11), f"t = {t:.4g}, beta(t) = {beta:.4g}: off by {max_err(got, want):.3g}"


@points(2)
@given(case=drift_case())
@settings(max_examples=10)
def test_pf_minus_reverse_is_half_g2_score(student, support, case):
    """Your two drifts differ by exactly half the score term: pf_ode_drift - reverse_sde_drift = g(t)^2 s / 2."""
    x, t, score, beta_fn, beta, s = _setup(student, support, case)
    pf = expect_tensor(student.pf_ode_drift(x, t, score, beta_fn), x.shape, F64, "pf_ode_drift")
    rev = expect_tensor(student.reverse_sde_drift(x, t, score, beta_fn), x.shape, F64, "reverse_sde_drift")
    want = 0.5 * beta * s
    assert torch.allclose(pf - rev, want, rtol=1e-9, atol=1e-10), (
        f"t = {t:.4g}: pf_ode_drift - reverse_sde_drift differs from g^2 s / 2 by {max_err(pf - rev, want):.3g}"
    )


@points(2)
def test_drift_calling_convention(student, support):
    """Both drifts call score(x, t) once, with t a tensor of shape (B,) in the dtype of x filled with the current time,
    and beta_fn with the float time; with the score s(x) = -x / 2 they return their closed-form values."""
    x = randn((3, 2), 0)
    for name, coef in (("reverse_sde_drift", 1.0), ("pf_ode_drift", 0.5)):
        spy = student.remote(support.SpyScore, -0.5)
        got = expect_tensor(getattr(student, name)(x, 0.3, spy, student.remote(support.LinearBeta)), (3, 2), F64, name)
        calls = spy.calls
        assert len(calls) == 1, f"{name} called the score {len(calls)} times; expected once"
        tdtype, tshape, tvals, _ = calls[0]
        assert tdtype == "float64" and tuple(tshape) == (3,) and all(abs(v - 0.3) <= 1e-15 for v in tvals), (
            f"{name}(x, t = 0.3) should call score(x, t) with t = torch.full((3,), 0.3, dtype=x.dtype); got {tdtype} {tshape} {tvals}"
        )
        beta = 0.1 + 0.3 * 19.9
        want = -0.5 * beta * x - coef * beta * (-0.5 * x)
        assert torch.allclose(got, want, rtol=1e-12, atol=1e-12), f"{name}: off by {max_err(got, want):.3g}"
