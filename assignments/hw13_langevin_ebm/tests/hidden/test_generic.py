"""Hidden tests run on every graded function: step sizes validated, inputs untouched, dtype kept
(float32 and float64), no global RNG when noise or a generator is passed."""

import math

import torch
from lmcheck import F32, F64, annealed, chain, check_tensor, close, f32_ok, mala, randn, replay

from autograder import testmodels
from autograder.errors import StudentError
from autograder.testing import points, visibility


def _raises_value_error(call, what):
    try:
        call()
    except StudentError as exc:
        if exc.not_answered:
            raise
        assert exc.kind == "ValueError", f"{what} raised {exc.kind}; expected a ValueError"
    else:
        raise AssertionError(f"{what} returned a value; expected a ValueError")


@points(2)
@visibility("hidden")
def test_step_size_validation(student, support):
    """A step size that is not a positive number (0, -0.1, nan) raises ValueError in ula_step, langevin_chain, mala_step and (eps) annealed_langevin; a positive one gives the right values."""
    log_p = student.remote(support.GaussianLogDensity, 0.0, 1.0)
    score = student.remote(support.GaussianScore, 0.0, 1.0)
    noisy = student.remote(support.NoisyGaussianScore, 0.0, 1.0)
    x, noise, u = randn((3, 2), 1), randn((3, 2), 2), torch.full((3,), 0.5, dtype=F64)
    for h in (0.0, -0.1, math.nan):
        _raises_value_error(lambda: student.ula_step(x, score, h, noise), f"ula_step with h = {h}")
        _raises_value_error(lambda: student.langevin_chain(x, score, h, 3, student.remote(testmodels.generator, 0)),
                            f"langevin_chain with h = {h}")
        _raises_value_error(lambda: student.mala_step(x, log_p, score, h, noise, u), f"mala_step with h = {h}")
        _raises_value_error(lambda: student.annealed_langevin(noisy, [1.0, 0.5], 2, h, x, student.remote(testmodels.generator, 0)),
                            f"annealed_langevin with eps = {h}")
    got = check_tensor(student.ula_step(x, score, 0.25, noise), (3, 2), F64, "ula_step(h = 0.25)")
    assert torch.allclose(got, 0.75 * x + math.sqrt(0.5) * noise, atol=1e-12), "ula_step with h = 0.25 gives wrong values"


def _calls(impl, support, dtype, seed):
    """(name, args, trusted float64 result) for the samplers on one batch (B = D = 3 and B != D)."""
    out = []
    for b, d in ((3, 3), (4, 2)):
        x, noise = randn((b, d), seed + b, dtype), randn((b, d), seed + b + 1, dtype)
        u = torch.rand(b, generator=torch.Generator().manual_seed(seed), dtype=F64).to(dtype)
        lp, sc, ns = (impl.remote(c, 0.5, 1.5) for c in (support.GaussianLogDensity, support.GaussianScore, support.NoisyGaussianScore))
        here = [c(0.5, 1.5) for c in (support.GaussianLogDensity, support.GaussianScore, support.NoisyGaussianScore)]
        x64, n64, u64 = x.to(F64), noise.to(F64), u.to(F64)
        out += [
            ("ula_step", (x, sc, 0.2, noise), x64 + 0.2 * here[1](x64) + math.sqrt(0.4) * n64),
            ("mala_step", (x, lp, sc, 0.7, noise, u), mala(x64, here[0], here[1], 0.7, n64, u64)[:2]),
            ("langevin_chain", (x, sc, 0.1, 4, impl.remote(testmodels.generator, seed)), chain(x, here[1], 0.1, 4, seed)[-1].to(F64)),
            ("annealed_langevin", (ns, [2.0, 1.0], 2, 0.05, x, impl.remote(testmodels.generator, seed)),
             annealed(here[2], [2.0, 1.0], 2, 0.05, x, seed).to(F64)),
            ("energy_grad", (impl.remote(support.QuadraticEnergy, torch.eye(d, dtype=F64) * 2), x), 2 * x64),
            ("cd_loss", (impl.remote(support.ScaledQuadraticEnergy, 1.5), x, noise, 0.1),
             _cd_scaled(1.5, x64, n64, 0.1)),
        ]
    return out


def _cd_scaled(theta, xd, xm, alpha):
    ed, em = 0.5 * theta * (xd**2).sum(-1), 0.5 * theta * (xm**2).sum(-1)
    return ed.mean() - em.mean() + alpha * ((ed**2).mean() + (em**2).mean())


def _compare(name, got, want, dtype, what):
    if name == "mala_step":
        assert isinstance(got, tuple | list) and len(got) == 2, f"{what} should return (x_new, accepted)"
        acc = check_tensor(got[1], tuple(want[1].shape), torch.bool, f"{what}: accepted")
        assert torch.equal(acc, want[1]), f"{what}: accepted is {acc.tolist()}; expected {want[1].tolist()}"
        got, want = got[0], want[0]
    got = check_tensor(got, tuple(want.shape), dtype, what)
    ok = torch.allclose(got, want, rtol=1e-10, atol=1e-10) if dtype == F64 else f32_ok(got, want)
    assert ok, f"{what} differs from the float64 computation by {float((got.to(F64) - want).abs().max()):.3g}"


@points(2)
@visibility("hidden")
def test_inputs_dtype_global_rng(student, support):
    """Every sampler and energy function leaves its inputs unchanged, returns the dtype of its inputs (float32 or float64, with float32 accuracy), and gives the same result whatever the global random state (B == D and B != D)."""
    for dtype in (F64, F32):
        for k, ((name, args, want), (_, args2, _)) in enumerate(zip(_calls(student, support, dtype, 3), _calls(student, support, dtype, 3), strict=True)):
            what = f"{name} on {str(dtype).replace('torch.', '')} inputs"
            student.remote(testmodels.reseed_global, 100 + k)
            got, after = student.remote(testmodels.call_keeping_inputs, student.get(name), *args)
            for i, (before, now) in enumerate(zip(args, after, strict=True)):
                if isinstance(before, torch.Tensor):
                    assert isinstance(now, torch.Tensor) and torch.equal(now, before), f"{name} modified its argument #{i + 1} in place"
            _compare(name, got, want, dtype, what)
            student.remote(testmodels.reseed_global, 200 + k)
            again = getattr(student, name)(*args2)
            first = got[0] if name == "mala_step" else got
            second = again[0] if name == "mala_step" else again
            assert torch.equal(first, second), f"{name}: the result changes with the global random state"


@points(2)
@visibility("hidden")
def test_generator_none_is_global(student, support):
    """With generator=None, annealed_langevin and replay_sample draw from torch's global generator: after torch.manual_seed(7) they give the result of a generator seeded 7 (the same draws, in the same order)."""
    noisy = student.remote(support.NoisyGaussianScore, 0.5, 1.5)
    x0 = randn((4, 3), 5)
    student.remote(testmodels.reseed_global, 7)
    got = check_tensor(student.annealed_langevin(noisy, [2.0, 1.0, 0.5], 3, 0.05, x0, None), (4, 3), F64,
                       "annealed_langevin(generator=None)")
    want = annealed(support.NoisyGaussianScore(0.5, 1.5), [2.0, 1.0, 0.5], 3, 0.05, x0, 7)
    assert close(got, want), "with generator=None after torch.manual_seed(7) annealed_langevin is not the run of a generator seeded 7"
    buf = 5 + randn((10, 2), 8)
    student.remote(testmodels.reseed_global, 7)
    got = check_tensor(student.replay_sample(buf, 12, 0.5, None), (12, 2), F64, "replay_sample(generator=None)")
    assert torch.equal(got, replay(buf, 12, 0.5, 7)), (
        "with generator=None after torch.manual_seed(7) replay_sample is not the draw of a generator seeded 7"
    )
