"""Hidden tests run on every graded function: inputs untouched, float32/float64, no global RNG,
batch size equal to the feature dimension, use inside torch.no_grad(), gradients to the field's parameters."""

import torch
from cnfcheck import (
    F32,
    F64,
    check_tensor,
    f32_ok,
    make_field,
    max_err,
    quad_form,
    randn,
    rel_err,
    times,
    trace,
    trusted_cnf,
    trusted_odeint,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points


def _cases(impl, support, dtype, b=4, d=3, seed=0):
    """(label, name, args, trusted float64 value) for every graded function that takes data, and the local field.

    Arguments are positional, so that call_keeping_inputs sees every tensor (the probe included)."""
    u, local = make_field(impl, support, "mlp", d, seed, dtype=dtype, hidden=8, std=0.7)
    x = randn((b, d), seed, dtype, 1.5)
    t = times(b, seed, dtype=dtype)
    z = randn((b, d), seed + 1, dtype)
    base = impl.remote(support.GaussianLogProb)
    x64, t64, z64 = x.to(F64), t.to(F64), z.to(F64)
    cases = [
        ("divergence_exact", "divergence_exact", (u, x, t), lambda: trace(local, x64, t64)),
        ("hutchinson_divergence", "hutchinson_divergence", (u, x, t, z), lambda: quad_form(local, x64, t64, z64)),
        (
            "odeint(method='euler')",
            "odeint",
            (u, x, 0.0, 1.0, 4, "euler"),
            lambda: trusted_odeint(local, x64, 0.0, 1.0, 4, "euler")[-1],
        ),
        (
            "odeint(t0=1, t1=0, method='rk4', return_traj=True)",
            "odeint",
            (u, x, 1.0, 0.0, 3, "rk4", True),
            lambda: trusted_odeint(local, x64, 1.0, 0.0, 3, "rk4"),
        ),
        ("cnf_log_prob(n_steps=5)", "cnf_log_prob", (x, u, base, 5), lambda: trusted_cnf(local, x64, 5, "rk4")),
        (
            "cnf_log_prob(method='euler', div='hutchinson')",
            "cnf_log_prob",
            (x, u, base, 4, "euler", "hutchinson", z),
            lambda: trusted_cnf(local, x64, 4, "euler", probe=z64),
        ),
    ]
    return cases, u, local


@points(2)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=4)
def test_inputs_untouched(student, support, dtype, seed):
    """No graded function modifies its inputs in place (x, t, x0, x1, probe all unchanged after the call),
    and each returns its right values on those inputs."""
    cases, _, _ = _cases(student, support, dtype, seed=seed)
    for label, name, args, want in cases:
        out, after = student.remote(testmodels.call_keeping_inputs, student.get(name), *args)
        assert isinstance(after, list) and len(after) == len(args)
        for i, (before, now) in enumerate(zip(args, after, strict=True)):
            if isinstance(before, torch.Tensor):
                assert isinstance(now, torch.Tensor) and torch.equal(now, before), (
                    f"{label} modified its argument #{i + 1} in place"
                )
        _check_value(out, want().detach(), dtype, f"{label} on {str(dtype).replace('torch.', '')} inputs")


def _check_value(got, want, dtype, what):
    """``got`` (from inputs in ``dtype``) against the trusted float64 value ``want``."""
    got = check_tensor(got, tuple(want.shape), dtype, what)
    if dtype == F64:
        assert rel_err(got, want) <= 1e-9, f"{what}: off by {max_err(got, want):.3g}"
    else:
        assert f32_ok(got, want), f"{what} is off by {max_err(got, want):.3g} from the float64 result"


@points(3)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=4)
def test_float32_and_float64(student, support, dtype, seed):
    """Every graded function returns the dtype of its inputs (float32 or float64) with the right values: float32 results agree with a float64 computation to float32 accuracy; sample_probe returns the default dtype."""
    cases, _, _ = _cases(student, support, dtype, seed=seed)
    for label, name, args, want in cases:
        want = want().detach()
        what = f"{label} on {str(dtype).replace('torch.', '')} inputs"
        got = check_tensor(getattr(student, name)(*args), tuple(want.shape), dtype, what)
        if dtype == F64:
            assert rel_err(got, want) <= 1e-9, f"{what}: off by {max_err(got, want):.3g}"
        else:
            assert f32_ok(got, want), f"{what} is off by {max_err(got, want):.3g} from the float64 result"
    for kind in ("rademacher", "gaussian"):
        check_tensor(
            student.sample_probe((3, 2), kind, student.remote(testmodels.generator, seed)),
            (3, 2),
            torch.get_default_dtype(),
            f"sample_probe((3, 2), {kind!r}, generator)",
        )


@points(2)
def test_no_global_rng(student, support):
    """Graded functions are given their randomness (a probe, or a generator for sample_probe): they give the same, right result whatever the global random state (probes: ±1 entries, or distinct Gaussian draws)."""
    cases, _, _ = _cases(student, support, F64, seed=3)
    calls = [(label, student.get(name), args, want) for label, name, args, want in cases]
    for kind in ("rademacher", "gaussian"):
        calls.append((f"sample_probe(kind={kind!r})", None, ((4, 3), kind), kind))
    for label, fn, args, want in calls:
        results = []
        for seed in (1, 2):
            student.remote(testmodels.reseed_global, seed)
            if fn is None:
                results.append(student.sample_probe(*args, student.remote(testmodels.generator, 5)))
            else:
                results.append(student.remote(testmodels.call_keeping_inputs, fn, *args)[0])
        a, b = results
        assert isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and torch.equal(a, b), (
            f"{label}: the result changes with the global random state"
        )
        if want == "rademacher":
            z = check_tensor(a, (4, 3), torch.get_default_dtype(), label)
            assert bool(((z == 1) | (z == -1)).all()), f"{label} has entries other than ±1"
        elif want == "gaussian":
            z = check_tensor(a, (4, 3), torch.get_default_dtype(), label)
            assert len(set(z.reshape(-1).tolist())) == z.numel(), f"{label} repeats values"
        else:
            _check_value(a, want().detach(), F64, label)


@points(2)
@given(d=st.integers(1, 5), seed=st.integers(0, 1000))
@settings(max_examples=5)
def test_batch_equals_feature_dim(student, support, d, seed):
    """Per-sample times and divergences keep the batch axis and the feature axis apart: right values when the batch size equals the feature dimension (B == D)."""
    cases, _, _ = _cases(student, support, F64, b=d, d=d, seed=seed)
    for label, name, args, want in cases:
        want = want().detach()
        got = check_tensor(getattr(student, name)(*args), tuple(want.shape), F64, f"{label} with B = D = {d}")
        assert rel_err(got, want) <= 1e-9, f"{label} with B = D = {d} is off by {max_err(got, want):.3g}"


@points(2)
def test_works_under_no_grad(student, support):
    """Every graded function gives the same values when called inside torch.no_grad(), as in an evaluation loop (the divergences switch gradients back on themselves)."""
    cases, _, _ = _cases(student, support, F64, b=5, d=2, seed=7)
    for label, name, args, want in cases:
        want = want().detach()
        got = check_tensor(
            student.remote(support.call_without_grad, student.get(name), *args),
            tuple(want.shape),
            F64,
            f"{label} inside torch.no_grad()",
        )
        assert rel_err(got, want) <= 1e-9, f"{label} inside torch.no_grad() is off by {max_err(got, want):.3g}"


def _trusted_grads(local, value):
    params = [p for _, p in sorted(local.named_parameters(), key=lambda kv: kv[0])]
    names = [n for n, _ in sorted(local.named_parameters(), key=lambda kv: kv[0])]
    grads = torch.autograd.grad(value.sum(), params, allow_unused=True)
    return names, [torch.zeros_like(p) if g is None else g for p, g in zip(params, grads, strict=True)]


@points(4)
def test_backpropagates_to_field_parameters(student, support):
    """divergence_exact, hutchinson_divergence and cnf_log_prob are differentiable with respect to the field's parameters: the gradient of the sum of their outputs equals the gradient of the same computation done here (nothing detached, create_graph=True, the state's dependence on the parameters kept) (float64, 1e-8 relative)."""
    for b, d, seed in ((4, 3, 11), (2, 2, 12)):
        cases, u, local = _cases(student, support, F64, b=b, d=d, seed=seed)
        for label, name, args, want in cases:
            if name == "odeint":
                continue
            value, grads = student.remote(support.grads_of_sum, student.get(name), u, *args)
            names, want_grads = _trusted_grads(local, want())
            assert isinstance(grads, list) and len(grads) == len(want_grads)
            for pname, g, w in zip(names, grads, want_grads, strict=True):
                if g is None:
                    assert float(w.abs().max()) <= 1e-12, (
                        f"{label}: no gradient reaches the field's parameter {pname} (it was detached, or the "
                        "derivative was taken without create_graph=True)"
                    )
                    continue
                g = check_tensor(g, tuple(w.shape), F64, f"gradient of {label} for {pname}")
                err = rel_err(g, w)
                assert err <= 1e-8, (
                    f"{label}: the gradient for the field's parameter {pname} is off by {err:.3g} (relative) "
                    f"(B = {b}, D = {d})"
                )
