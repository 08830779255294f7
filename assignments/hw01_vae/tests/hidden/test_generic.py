"""Hidden tests run on every graded function: inputs untouched, float32/float64, no global RNG,
batch size equal to the feature and latent dimensions, and gradients flowing through them."""

import math

import torch
import torch.nn.functional as F
from hypothesis import example, given, settings
from hypothesis import strategies as st
from vaecheck import F32, F64, check_tensor, dims, f32_ok, log_normal, max_err, models, randn, trusted_kl

from autograder import testmodels
from autograder.testing import points, visibility


def _calls(impl, support, dtype, b=4, d=3, dz=2, seed=0):
    """(name, args) for every graded function on one batch, the models built where `impl` lives."""
    r = lambda shape, k, scale=1.0: randn(shape, seed + k, F64, scale).to(dtype)  # noqa: E731
    mu, lv, eps = r((b, dz), 0, 2.0), r((b, dz), 1), r((b, dz), 2)
    mu_p, lv_p = r((b, dz), 3), r((b, dz), 4)
    x, mean, lv_x = r((b, d), 5, 2.0), r((b, d), 6, 2.0), r((b, d), 7)
    bits = (r((b, d), 8) > 0).to(dtype)
    logits = r((b, d), 9, 3.0)
    a = r((b, d), 10, 3.0)
    enc, dec, _, _ = models(impl, support, "mlp", d, dz, seed, dtype)
    eps3 = r((3, b, dz), 11)
    return [
        ("reparameterize", (mu, lv, eps)),
        ("kl_diag_gaussians", (mu, lv)),
        ("kl_diag_gaussians", (mu, lv, mu_p, lv_p)),
        ("gaussian_log_likelihood", (x, mean)),
        ("gaussian_log_likelihood", (x, mean, 0.3)),
        ("gaussian_log_likelihood", (x, mean, lv_x)),
        ("bernoulli_log_likelihood", (bits, logits)),
        ("log_mean_exp", (a, 0)),
        ("log_mean_exp", (a, 1)),
        ("negative_elbo", (x, enc, dec, eps3, 0.2)),
        ("iwae_bound", (x, enc, dec, eps3, -0.5)),
    ]


def _as_list(out):
    return list(out) if isinstance(out, tuple | list) else [out]


def _compare(name, got, want, dtype, what):
    """``got`` (from inputs in ``dtype``) against ``want`` (the reference on the same values in float64)."""
    got, want = _as_list(got), _as_list(want)
    assert len(got) == len(want), f"{what} returned {len(got)} value(s); expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        part = what if len(want) == 1 else f"{what}, output #{i + 1}"
        g = check_tensor(g, tuple(w.shape), dtype, part)
        if dtype == F64:
            assert torch.allclose(g, w, rtol=1e-9, atol=1e-10), f"{part}: off by {max_err(g, w):.3g}"
        else:
            assert f32_ok(g, w), f"{part} in float32 is off by {max_err(g, w):.3g} from the float64 result"


def _upcast(args, ref_args, dtype):
    """The reference's arguments: the float64 reference runs on exactly the values in ``dtype``, upcast."""
    return tuple(
        a.to(dtype).to(F64) if isinstance(a, torch.Tensor) else r for a, r in zip(args, ref_args, strict=True)
    )


@points(3)
@visibility("hidden")
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=4)
def test_inputs_untouched(student, reference, support, dtype, seed):
    """No graded function modifies its inputs in place (mu, logvar, eps, x, mean, logits, a all unchanged after the call),
    and each returns its right values on those inputs."""
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, dtype, seed=seed),
        _calls(reference, support, F64, seed=seed),
        strict=True,
    ):
        out, after = student.remote(testmodels.call_keeping_inputs, student.get(name), *args)
        assert isinstance(after, list) and len(after) == len(args)
        for i, (before, now) in enumerate(zip(args, after, strict=True)):
            if isinstance(before, torch.Tensor):
                assert isinstance(now, torch.Tensor) and torch.equal(now, before), (
                    f"{name} modified its argument #{i + 1} in place"
                )
        _compare(name, out, getattr(reference, name)(*_upcast(args, ref_args, dtype)), dtype, name)


@points(3)
@visibility("hidden")
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=4)
def test_float32_and_float64(student, reference, support, dtype, seed):
    """Every graded function returns the dtype of its inputs (float32 or float64) with the right values: float32 results agree with a float64 computation to float32 accuracy."""
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, dtype, seed=seed),
        _calls(reference, support, F64, seed=seed),
        strict=True,
    ):
        ref_args = _upcast(args, ref_args, dtype)
        got = getattr(student, name)(*args)
        want = getattr(reference, name)(*ref_args)
        _compare(name, got, want, dtype, f"{name} on {str(dtype).replace('torch.', '')} inputs")


@points(2)
@visibility("hidden")
def test_no_global_rng(student, reference, support):
    """Graded functions are given their randomness (eps): they give the same, right result whatever the global random state."""
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, F64, seed=3), _calls(reference, support, F64, seed=3), strict=True
    ):
        student.remote(testmodels.reseed_global, 1)
        a = _as_list(getattr(student, name)(*args))
        student.remote(testmodels.reseed_global, 2)
        b = _as_list(getattr(student, name)(*args))
        assert len(a) == len(b) and all(
            isinstance(u, torch.Tensor) and isinstance(v, torch.Tensor) and torch.equal(u, v)
            for u, v in zip(a, b, strict=True)
        ), f"{name}: the result changes with the global random state"
        _compare(name, a, getattr(reference, name)(*ref_args), F64, name)


@points(2)
@visibility("hidden")
@given(shape=st.sampled_from([(3, 3, 3), (4, 4, 2), (2, 2, 2), (3, 5, 3), (5, 2, 2), (2, 3, 2)]),
       seed=st.integers(0, 1000))
@settings(max_examples=8)
def test_batch_equals_feature_dim(student, reference, support, shape, seed):
    """Per-data-point quantities are reduced over the right axis: right values when the batch size equals the data dimension D or the latent dimension dz, and when it does not."""
    b, d, dz = shape
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, F64, b, d, dz, seed),
        _calls(reference, support, F64, b, d, dz, seed),
        strict=True,
    ):
        got = getattr(student, name)(*args)
        want = getattr(reference, name)(*ref_args)
        _compare(name, got, want, F64, f"{name} with B = {b}, D = {d}, dz = {dz}")


def _local_grads(fn, wrt, *args):
    """The trusted float64 value of ``fn(*args)`` and the gradients of its sum w.r.t. the arguments in ``wrt``."""
    args = [a.detach().clone().requires_grad_(True) if i in wrt else a for i, a in enumerate(args)]
    with torch.enable_grad():
        out = fn(*args)
        grads = torch.autograd.grad(out.sum(), [args[i] for i in wrt])
    return out.detach(), list(grads)


def _lme(a, dim):
    return torch.logsumexp(a, dim=dim) - math.log(a.shape[dim])


def _bern(x, logits):
    return -F.binary_cross_entropy_with_logits(logits, x, reduction="none").reshape(x.shape[0], -1).sum(1)


@points(2)
@visibility("hidden")
@given(bd=dims(), seed=st.integers(0, 1000))
@example(bd=(3, 3), seed=0)
@example(bd=(2, 4), seed=1)
@settings(max_examples=6)
def test_kl_likelihoods_log_mean_exp_differentiable(student, support, bd, seed):
    """kl_diag_gaussians, gaussian_log_likelihood, bernoulli_log_likelihood and log_mean_exp stay differentiable (a VAE trains through them: no detach, no torch.no_grad, no detour through numpy): the gradient of the sum of each result with respect to each tensor input is the gradient of the exact formula, also with respect to a learnable 0-dim tensor logvar, as the demo's obs_logvar (float64, 1e-9 relative)."""
    b, d = bd
    r = lambda shape, k, scale=1.0: randn(shape, seed + k, F64, scale)  # noqa: E731
    mu, lv, mu_p, lv_p = r((b, d), 0, 2.0), r((b, d), 1), r((b, d), 2, 2.0), r((b, d), 3)
    x, mean, lv_x = r((b, d), 4, 2.0), r((b, d), 5, 2.0), r((b, d), 6)
    u = torch.rand((b, d), generator=torch.Generator().manual_seed(seed), dtype=F64)
    logits, a = r((b, d), 7, 3.0), r((b, d), 8, 3.0)
    cases = [
        ("kl_diag_gaussians", (mu, lv, mu_p, lv_p), [0, 1, 2, 3], ("mu_q", "logvar_q", "mu_p", "logvar_p"),
         trusted_kl, "kl_diag_gaussians(mu_q, logvar_q, mu_p, logvar_p)"),
        ("gaussian_log_likelihood", (x, mean, torch.tensor(0.3, dtype=F64)), [1, 2], ("mean", "logvar"),
         log_normal, "gaussian_log_likelihood(x, mean, logvar) with logvar a 0-dim tensor"),
        ("gaussian_log_likelihood", (x, mean, lv_x), [0, 1, 2], ("x", "mean", "logvar"),
         log_normal, "gaussian_log_likelihood(x, mean, logvar) with logvar of the shape of x"),
        ("bernoulli_log_likelihood", (u, logits), [1], ("logits",), _bern, "bernoulli_log_likelihood(x, logits)"),
        ("log_mean_exp", (a, 1), [0], ("a",), _lme, "log_mean_exp(a, 1)"),
        ("log_mean_exp", (a, 0), [0], ("a",), _lme, "log_mean_exp(a, 0)"),
    ]
    for name, args, wrt, labels, trusted, what in cases:
        out = student.remote(support.input_grads, student.get(name), wrt, *args)
        assert isinstance(out, tuple | list) and len(out) == 2, "support.input_grads returned something unexpected"
        value, grads = out
        want, want_grads = _local_grads(trusted, wrt, *args)
        value = check_tensor(value, tuple(want.shape), F64, what)
        err = max_err(value, want)
        assert err <= 1e-9 * (1 + float(want.abs().max())), f"{what} is off by {err:.3g}"
        assert isinstance(grads, list) and len(grads) == len(wrt)
        for label, g, w in zip(labels, grads, want_grads, strict=True):
            assert g is not None, (
                f"{what} does not depend on `{label}` through autograd (detached, computed under torch.no_grad, "
                "or through numpy): no gradient reaches it"
            )
            g = check_tensor(g, tuple(w.shape), F64, f"the gradient of {what} with respect to `{label}`")
            err = max_err(g, w)
            assert err <= 1e-9 * (1 + float(w.abs().max())), (
                f"the gradient of the sum of {what} with respect to `{label}` is off by {err:.3g}"
            )
