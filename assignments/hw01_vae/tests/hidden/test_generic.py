"""Hidden tests run on every graded function: inputs untouched, float32/float64, no global RNG,
and batch size equal to the feature and latent dimensions."""

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from vaecheck import F32, F64, check_tensor, f32_ok, max_err, models, randn

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
