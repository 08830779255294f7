"""Hidden tests run on every graded function: inputs untouched, float32/float64, no global RNG, and batch size equal
to the feature dimension."""

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from sdecheck import F32, F64, expect_tensor, f32_ok, max_err, randn, trusted_em, trusted_sample, uniform

from autograder import testmodels
from autograder.testing import points


def _calls(impl, support, dtype, b=4, d=3, seed=0):
    """(name, args) for every graded function on one batch, the callables built where `impl` lives."""
    dname = str(dtype).replace("torch.", "")
    x, z = randn((b, d), seed, dtype, 2.0), randn((b, d), seed + 1, dtype)
    t = uniform((b,), seed + 2, 1e-3, 1.0, dtype)
    k = 3
    w, mu, sd = uniform((k,), seed + 3, 0.1, 2.0, dtype), randn((k, d), seed + 4, dtype, 2.0), uniform((k,), seed + 5, 0.3, 1.5, dtype)
    model = impl.remote(support.ScoreMLP, d, seed=seed, dtype=dname)
    beta = impl.remote(support.SineBeta)
    return [
        ("euler_maruyama", (impl.remote(support.TimeDrift, 0.8, randn((d,), seed + 6)), impl.remote(support.VPDiffusion), x,
                            0.9, 0.1, 5, impl.remote(testmodels.generator, seed))),
        ("vp_beta", (t,)),
        ("vp_marginal", (t,)),
        ("gmm_score", (x, w, mu, sd)),
        ("dsm_loss", (model, x, t, z)),
        ("reverse_sde_drift", (x, 0.37, model, beta)),
        ("pf_ode_drift", (x, 0.37, model, beta)),
        ("sample_reverse", (model, x, 4, False, impl.remote(testmodels.generator, seed + 1), 0.01)),
        ("sample_reverse", (model, x, 4, True, impl.remote(testmodels.generator, seed + 1), 0.01)),
        ("langevin_step", (model, x, 0.42, 0.05, z)),
    ]


def _tensors(out):
    return list(out) if isinstance(out, tuple | list) else [out]


def _check_values(name, out, ref_out, dtype, what=""):
    """``out`` (from inputs of ``dtype``) has the reference's values (on the same inputs; float32 to float32 accuracy)."""
    got, want = _tensors(out), _tensors(ref_out)
    assert len(got) == len(want), f"{name} returned {len(got)} values, expected {len(want)}"
    for g, w in zip(got, want, strict=True):
        g = expect_tensor(g, w.shape, dtype, f"{name}{what}")
        if dtype == F64:
            assert torch.allclose(g, w, rtol=1e-9, atol=1e-11), f"{name}{what}: off by {max_err(g, w):.3g}"
        else:
            assert f32_ok(g, w), f"{name} in float32 is off by {max_err(g, w):.3g} from the right result"


@points(3)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_inputs_untouched(student, reference, support, dtype, seed):
    """No graded function modifies its tensor inputs in place (x, x0, t, eps, z, weights, means, stds all unchanged),
    and each returns its right values on those inputs."""
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, dtype, seed=seed), _calls(reference, support, dtype, seed=seed), strict=True
    ):
        out, after = student.remote(testmodels.call_keeping_inputs, student.get(name), *args)
        for i, (before, now) in enumerate(zip(args, after, strict=True)):
            if isinstance(before, torch.Tensor):
                assert now is not None and torch.equal(now, before), f"{name} modified its argument #{i + 1} in place"
        _check_values(name, out, getattr(reference, name)(*ref_args), dtype)


@points(3)
@given(dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_float32_and_float64(student, reference, support, dtype, seed):
    """Every graded function returns the dtype of its data (float32 or float64) with the right values: float32 results
    agree with the right values to float32 accuracy."""
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, dtype, seed=seed), _calls(reference, support, dtype, seed=seed), strict=True
    ):
        _check_values(name, getattr(student, name)(*args), getattr(reference, name)(*ref_args), dtype,
                      f" on {str(dtype).replace('torch.', '')} inputs")


@points(2)
def test_no_global_rng_when_noise_is_passed(student, reference, support):
    """Functions that receive their noise (z, eps, or a generator) give the same, right result whatever the global
    random state."""
    first, second = _calls(student, support, F64, seed=3), _calls(student, support, F64, seed=3)  # fresh generators
    for (name, args), (_, args2), (_, ref_args) in zip(first, second, _calls(reference, support, F64, seed=3), strict=True):
        student.remote(testmodels.reseed_global, 1)
        a = _tensors(getattr(student, name)(*args))
        student.remote(testmodels.reseed_global, 2)
        b = _tensors(getattr(student, name)(*args2))
        for u, v in zip(a, b, strict=True):
            assert isinstance(u, torch.Tensor) and torch.equal(u, v), f"{name}: the result changes with the global random state"
        _check_values(name, a, getattr(reference, name)(*ref_args), F64)


@points(2)
@given(bd=st.sampled_from([(4, 4), (3, 3), (2, 5), (5, 2)]), seed=st.integers(0, 1000))
@settings(max_examples=8)
def test_batch_equals_feature_dim(student, reference, support, bd, seed):
    """Per-sample coefficients broadcast over the batch axis, not the feature axis: right values when the batch size
    equals the feature dimension (B == D) and when it does not."""
    b, d = bd
    for (name, args), (_, ref_args) in zip(
        _calls(student, support, F64, b, d, seed), _calls(reference, support, F64, b, d, seed), strict=True
    ):
        _check_values(name, getattr(student, name)(*args), getattr(reference, name)(*ref_args), F64, f" with B = {b}, D = {d}")


@points(1)
def test_generator_none_means_global(student, support):
    """generator=None means the global generator: after torch.manual_seed(s), euler_maruyama and sample_reverse
    (ode=False) called without a generator give the paths of the scheme drawn from torch.Generator().manual_seed(s),
    and another global seed gives other paths."""
    x0 = randn((4, 3), 0)
    model = student.remote(support.ScoreMLP, 3, seed=2)  # built before reseeding (its init draws from the global generator)
    runs = {}
    for seed in (3, 4):
        student.remote(testmodels.reseed_global, seed)
        got = student.euler_maruyama(student.remote(support.OUDrift, 0.5), student.remote(support.ConstantDiffusion, 0.7),
                                     x0, 0.0, 1.0, 6)
        got = runs[seed] = expect_tensor(got, (4, 3), F64, "euler_maruyama without a generator")
        want = trusted_em(support.OUDrift(0.5), support.ConstantDiffusion(0.7), x0, 0.0, 1.0, 6, seed=seed)
        assert torch.allclose(got, want, rtol=1e-10, atol=1e-11), (
            f"euler_maruyama without a generator after torch.manual_seed({seed}): off by {max_err(got, want):.3g} from the "
            "scheme drawn from the global generator"
        )
        student.remote(testmodels.reseed_global, seed)
        got = expect_tensor(student.sample_reverse(model, x0, 5, False), (4, 3), F64, "sample_reverse without a generator")
        want = trusted_sample(support.ScoreMLP(3, seed=2), x0, 5, False, seed=seed)
        assert torch.allclose(got, want, rtol=1e-9, atol=1e-10), (
            f"sample_reverse(ode=False) without a generator after torch.manual_seed({seed}): off by {max_err(got, want):.3g} "
            "from the chain drawn from the global generator"
        )
    assert not torch.allclose(runs[3], runs[4]), "two global seeds give the same paths"
