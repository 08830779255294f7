"""Hidden tests: the sampler, step by step, with small fixed networks (no training).

The sampler is recomputed here in float64 (labcheck.trusted_sample) from the same draws: x_T =
randn((n, D), generator) first, then, when eta > 0, one randn((n, D)) per step, the generator
seeded with `seed`; guided noise eps_null + w (eps_y - eps_null); the DDIM update of HW06.
"""

from collections import Counter

import torch
from labcheck import F32, F64, check_samples, lab_schedule, rel_err, trusted_sample

from autograder import testmodels
from autograder.testing import points

D, K = 5, 3


def _toy(student, support, T=50, seed=2, d=D):
    _, ab = lab_schedule(T)
    return student.remote(support.ToyEps, ab, d, K, seed=seed), support.ToyEps(ab, d, K, seed=seed)


def _compare(student, support, n, y, w, eta, steps, seed, what, T=50, d=D):
    remote, local = _toy(student, support, T=T, d=d)
    got = check_samples(student.sample(remote, n, y, w, eta, steps, seed), n, d, what)
    want = trusted_sample(local, n, y, w, eta, steps, seed)
    assert rel_err(got, want) <= 1.0, (
        f"{what}: differs from the chain computed step by step by {float((got.to(F64) - want).abs().max()):.3g}"
    )
    return got


@points(4)
def test_sample_ddim_guided_chain(student, support):
    """eta = 0, skipped timesteps [50, 37, 20, 8, 3] (then to 0), labels y and guidance weights w = 2.5 and
    w = -0.5: the samples equal the deterministic DDIM chain driven by eps_null + w (eps_y - eps_null), from
    x_T = randn((n, D), generator=Generator().manual_seed(seed))."""
    y = torch.tensor([0, 1, 2, 2, 1, 0])
    for w in (2.5, -0.5):
        _compare(student, support, 6, y, w, 0.0, [50, 37, 20, 8, 3], 7, f"sample(eta=0, w={w})")


@points(3)
def test_sample_eta1_is_ddpm(student, support):
    """eta = 1 with every step [T, T-1, ..., 1] is ancestral DDPM sampling with the posterior variance: the
    samples equal that chain with z drawn from the same generator, one randn((n, D)) per step after x_T;
    unconditional (y = None: the null label only)."""
    _compare(student, support, 5, None, 0.0, 1.0, list(range(40, 0, -1)), 3, "sample(eta=1, all steps)", T=40)


@points(2)
def test_sample_intermediate_eta(student, support):
    """eta = 0.5 with skipped timesteps [50, 30, 10, 5] and guidance w = 1.5: sigma = eta sqrt((1 - ab_p) /
    (1 - ab_t)) sqrt(1 - ab_t / ab_p), and the deterministic part uses sqrt(1 - ab_p - sigma^2)."""
    y = torch.tensor([2, 0, 1, 1])
    _compare(student, support, 4, y, 1.5, 0.5, [50, 30, 10, 5], 11, "sample(eta=0.5, w=1.5)")


@points(3)
def test_sample_guidance_weights_0_and_1(student, support):
    """w = 0 is the unconditional model (the same samples as y = None), w = 1 the conditional model alone; the
    batch may be as large as the data dimension (n = D)."""
    y = torch.tensor([0, 2, 1, 1, 0])
    remote, local = _toy(student, support)
    steps = [50, 40, 25, 10]
    a = check_samples(student.sample(remote, 5, y, 0.0, 0.0, steps, 5), 5, D, "sample(w=0)")
    b = check_samples(student.sample(remote, 5, None, 0.0, 0.0, steps, 5), 5, D, "sample(y=None)")
    assert rel_err(a, b.to(F64)) <= 1.0, "w = 0 should give the unconditional samples (the same as y = None)"
    want_b = trusted_sample(local, 5, None, 0.0, 0.0, steps, 5)
    assert rel_err(b, want_b) <= 1.0, "y = None: the samples differ from the unconditional DDIM chain"
    c = check_samples(student.sample(remote, 5, y, 1.0, 0.0, steps, 5), 5, D, "sample(w=1)")
    want_c = trusted_sample(local, 5, y, 1.0, 0.0, steps, 5)
    assert rel_err(c, want_c) <= 1.0, "w = 1 should give the samples of the conditional model eps(x, t, y)"
    assert not torch.allclose(a, c), "w = 0 and w = 1 give the same samples: is w used?"


@points(2)
def test_sample_calls_model_per_step(student, support):
    """At each timestep the model is called with t a LongTensor (B,) filled with that step, in the order of
    `timesteps`; with labels, the calls of a step see y and the null label (n_classes) for every sample; with
    y = None only the null label."""
    _, ab = lab_schedule(30)
    steps = [30, 21, 9, 2]
    y = torch.tensor([0, 1, 2, 0])
    for labels in (y, None):
        spy = student.remote(support.SpyEps, D, K, scale=0.1, alpha_bar=ab)
        check_samples(student.sample(spy, 4, labels, 2.0, 0.0, steps, 1), 4, D, "sample(spy, ...)")
        calls = spy.calls
        seen_steps = []
        for _, t, _, _ in calls:
            assert len(set(t)) == 1, f"one call mixes several steps: t = {t}"
            if not seen_steps or seen_steps[-1] != t[0]:
                seen_steps.append(t[0])
        assert seen_steps == steps, f"the model was called at steps {seen_steps}; timesteps were {steps}"
        for s in steps:
            seen = [lab for _, t, ys, _ in calls if t[0] == s for lab in ys]
            if labels is None:
                assert seen and set(seen) == {K}, f"y = None: at t = {s} the model saw labels {sorted(set(seen))}"
            else:
                got = Counter(seen)
                want = Counter(y.tolist()) + Counter({K: 4})
                assert got == want, (
                    f"at t = {s} the model saw the labels {dict(got)}; guidance needs y {y.tolist()} and the null "
                    f"label {K} once per sample"
                )


@points(2)
def test_sample_uses_only_its_seed(student, support):
    """sample draws its randomness from its own generator seeded with `seed`: the same seed gives the same float32
    samples whatever the global random state, another seed other samples; y is not modified."""
    remote, local = _toy(student, support)
    y = torch.tensor([1, 0, 2])
    steps = [50, 30, 10]

    def run(global_seed, seed):
        student.remote(testmodels.reseed_global, global_seed)
        out, after = student.remote(testmodels.call_keeping_inputs, student.get("sample"), remote, 3, y, 2.0, 1.0, steps, seed)
        assert after[2] is not None and torch.equal(after[2], y), "sample modified y in place"
        return check_samples(out, 3, D, "sample(...)")

    a, b, c = run(1, 4), run(2, 4), run(1, 5)
    assert torch.equal(a, b), "the samples change with the global random state: draw from a generator seeded with seed"
    assert not torch.allclose(a, c), "two seeds give the same samples"
    assert rel_err(a, trusted_sample(local, 3, y, 2.0, 1.0, steps, 4)) <= 1.0, "the samples differ from the guided chain"
    assert a.dtype == F32
