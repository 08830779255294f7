"""Hidden tests of HW08: classifier-free guidance, label dropout, classifier guidance."""

import math

import gcheck as gc
import torch
from gcheck import F32, F64, close, expect_tensor, max_err, randn
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points

shapes = st.sampled_from([(3, 3), (4, 2), (1, 5), (2, 3, 4, 4), (6,)])


@points(6)
@given(shape=shapes, w=st.floats(-2.0, 8.0), dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 2**16))
@settings(max_examples=30)
def test_cfg_combine_linear_in_w(student, shape, w, dtype, seed):
    """cfg_combine is uncond + w (cond - uncond): exact at w = 0 (uncond) and w = 1 (cond), affine in w, in the
    dtype of the inputs, and equal to uncond for every w when cond == uncond."""
    cond, uncond = randn(shape, seed, dtype, 2.0), randn(shape, seed + 1, dtype, 2.0)
    got = expect_tensor(student.cfg_combine(cond, uncond, w), shape, dtype, f"cfg_combine(w = {w:g})")
    want = uncond.to(F64) + w * (cond.to(F64) - uncond.to(F64))
    assert close(got, want, dtype), f"w = {w:g}: off by {max_err(got, want):.3g} from uncond + w (cond - uncond)"
    g0 = expect_tensor(student.cfg_combine(cond, uncond, 0.0), shape, dtype, "cfg_combine(w = 0)")
    g1 = expect_tensor(student.cfg_combine(cond, uncond, 1.0), shape, dtype, "cfg_combine(w = 1)")
    assert close(g0, uncond, dtype), "w = 0 should give the unconditional prediction"
    assert close(g1, cond, dtype), "w = 1 should give the conditional prediction"
    same = expect_tensor(student.cfg_combine(uncond, uncond, w), shape, dtype, "cfg_combine(uncond, uncond)")
    assert close(same, uncond, dtype), "with cond == uncond the result should not depend on w"


@points(8)
@given(case=st.sampled_from([(3, 3), (4, 2), (2, 5), (1, 1)]), w=st.sampled_from([0.0, 1.0, 2.5, -0.5]), seed=st.integers(0, 999))
@settings(max_examples=15)
def test_cfg_eps_one_batched_call(student, support, case, w, seed):
    """cfg_eps calls eps_model exactly once, on a batch of 2B: [x_t, x_t], [t, t], and the labels y followed by
    B null labels; the first half of the output is the conditional prediction, the second the unconditional one,
    combined with weight w."""
    B, D = case
    null_id = 7
    x = randn((B, D), seed)
    t = torch.randint(1, 1000, (B,), generator=torch.Generator().manual_seed(seed))
    y = torch.randint(0, 7, (B,), generator=torch.Generator().manual_seed(seed + 1))
    spy = student.remote(support.SpyEps)
    got = expect_tensor(student.cfg_eps(spy, x, t, y, w, null_id), (B, D), F64, "cfg_eps")
    calls = spy.calls
    assert len(calls) == 1, f"cfg_eps called eps_model {len(calls)} times; expected one batched call"
    n, ts, ys = calls[0]
    assert n == 2 * B, f"eps_model was called on a batch of {n}; expected 2B = {2 * B}"
    assert ts == t.tolist() * 2, f"eps_model got t = {ts}; expected [t, t] = {t.tolist() * 2}"
    assert ys == y.tolist() + [null_id] * B, f"eps_model got y = {ys}; expected the labels then {B} null labels"
    ref = support.SpyEps()
    cond, uncond = ref(x, t, y), ref(x, t, torch.full_like(y, null_id))
    want = uncond + w * (cond - uncond)
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-12), f"w = {w}: cfg_eps is off by {max_err(got, want):.3g}"


@points(4)
@given(w=st.sampled_from([0.0, 1.0, 4.0]), dtype=st.sampled_from([F32, F64]), seed=st.integers(0, 999))
@settings(max_examples=10)
def test_cfg_eps_w0_w1_identities(student, support, w, dtype, seed):
    """With the exact class-conditional model, cfg_eps at w = 0 is the unconditional (mixture) noise prediction,
    at w = 1 the conditional one, and in between / beyond their affine combination; dtype of x_t kept."""
    ab = gc.linear_alpha_bar()
    means = torch.tensor([[-1.0, 0.5], [1.0, 0.0], [0.0, 2.0]], dtype=F64)
    model = student.remote(support.ClassGaussianEps, ab, means, 0.7, 3)
    ref = support.ClassGaussianEps(ab, means, 0.7, 3)
    x = randn((5, 2), seed, dtype, 1.5)
    t = torch.tensor([1, 10, 300, 999, 1000])
    y = torch.tensor([0, 1, 2, 1, 0])
    got = expect_tensor(student.cfg_eps(model, x, t, y, w, 3), (5, 2), dtype, "cfg_eps")
    cond, uncond = ref(x.to(F64), t, y), ref(x.to(F64), t, torch.full_like(y, 3))
    want = uncond + w * (cond - uncond)
    assert close(got, want, dtype), f"w = {w}: off by {max_err(got, want):.3g}"


@points(7)
@given(
    pi=st.floats(0.2, 0.8),
    mu=st.tuples(st.floats(-3, 0), st.floats(0.5, 3)),
    s=st.tuples(st.floats(0.3, 2), st.floats(0.3, 2)),
    y=st.integers(0, 1),
    w=st.floats(-1.0, 6.0),
)
@settings(max_examples=25)
def test_guidance_identity_two_gaussians(student, pi, mu, s, y, w):
    """For a 1-D mixture of two Gaussians with exact scores, CFG with weight w equals classifier guidance with
    scale s = w on the unconditional score, and with scale w - 1 on the conditional score:
    cfg_combine(grad log p(x|y), grad log p(x), w) = grad log p(x) + w grad log p(y|x)."""
    mix = gc.Mixture1D(pi, mu, s)
    x = torch.linspace(-4, 4, 17, dtype=F64)
    cond, marg, post = mix.scores(x, y)
    want = marg + w * post
    a = expect_tensor(student.cfg_combine(cond, marg, w), (17,), F64, "cfg_combine")
    b = expect_tensor(student.classifier_guided_score(marg, post, w), (17,), F64, "classifier_guided_score")
    c = expect_tensor(student.classifier_guided_score(cond, post, w - 1), (17,), F64, "classifier_guided_score")
    tol = 1e-9 * (1 + want.abs().max().item())
    assert max_err(b, want) <= tol, f"classifier_guided_score(score, grad log p(y|x), s = {w:.3g}) is off by {max_err(b, want):.3g}"
    assert max_err(a, want) <= tol, f"CFG with w = {w:.3g} differs from classifier guidance with s = w by {max_err(a, want):.3g}"
    assert max_err(c, want) <= tol, f"classifier guidance with s = w - 1 on the conditional score is off by {max_err(c, want):.3g}"


@points(3)
@given(shape=shapes, s=st.floats(-3, 10), seed=st.integers(0, 999))
@settings(max_examples=15)
def test_classifier_guided_score_values(student, shape, s, seed):
    """classifier_guided_score(score, grad, s) = score + s * grad for any shape, in the dtype of the inputs; s = 0
    returns the unconditional score."""
    for dtype in (F64, F32):
        score, grad = randn(shape, seed, dtype, 2.0), randn(shape, seed + 1, dtype, 2.0)
        got = expect_tensor(student.classifier_guided_score(score, grad, s), shape, dtype, "classifier_guided_score")
        want = score.to(F64) + s * grad.to(F64)
        assert close(got, want, dtype), f"s = {s:g}: off by {max_err(got, want):.3g}"
        zero = expect_tensor(student.classifier_guided_score(score, grad, 0.0), shape, dtype, "classifier_guided_score(s = 0)")
        assert close(zero, score, dtype), "s = 0 should return the unconditional score"


@points(7)
def test_guidance_raises_conditional_likelihood(student, support):
    """Sampling two overlapping classes with DDIM (eta = 0, 40 steps) and cfg_eps on the exact model: w = 0
    ignores the label (the class means of the samples agree), w = 1 samples each class (mean and std of the
    class, within 5 standard errors), and the mean log p(y | x_0) under the true classifier grows with w
    (0 < 0.5 < 1 < 2)."""
    ab = gc.linear_alpha_bar()
    means = torch.tensor([[-1.0, 0.0], [1.0, 0.0]], dtype=F64)
    std = 0.8
    model = student.remote(support.ClassGaussianEps, ab, means, std, 2)
    n = 1000
    y = torch.arange(2).repeat_interleave(n)
    ll = {}
    for w in (0.0, 0.5, 1.0, 2.0):
        x = gc.ddim_sample(student, model, y, w, 2, ab, steps=40, seed=1)
        ll[w] = float(gc.log_p_y_given_x(x, y, means, std).mean())
        if w == 0.0:
            gap = (x[y == 1].mean(0) - x[y == 0].mean(0)).norm().item()
            se = math.sqrt(2 * (1 + std**2) / n)  # mixture variance per coordinate <= 1 + std^2
            assert gap <= 5 * se * 1.5, f"w = 0: the samples of the two labels differ in mean by {gap:.3f}; the label should be ignored"
        if w == 1.0:
            for k in (0, 1):
                xk = x[y == k]
                err = (xk.mean(0) - means[k]).abs().max().item()
                assert err <= 5 * std / math.sqrt(n), f"w = 1: class {k} samples have mean {xk.mean(0).tolist()}, expected {means[k].tolist()}"
                sd = xk.std(0)
                assert ((sd - std).abs() <= 5 * std / math.sqrt(2 * n) + 0.02).all(), f"w = 1: class {k} samples have std {sd.tolist()}, expected {std}"
    ws = sorted(ll)
    assert all(ll[b] > ll[a] + 0.02 for a, b in zip(ws, ws[1:])), (
        f"the mean log p(y | x_0) should grow with w; got {', '.join(f'w = {w:g}: {ll[w]:.3f}' for w in ws)}"
    )


@points(4)
@given(p=st.sampled_from([0.1, 0.25, 0.5, 0.9]), seed=st.integers(0, 999))
@settings(max_examples=8)
def test_drop_labels_fraction(student, p, seed):
    """drop_labels replaces each label by null_id independently with probability p_uncond: over 20000 labels the
    dropped fraction is within 5 binomial standard errors of p, for every class alike, and the other labels are
    unchanged."""
    n = 20000
    y = torch.randint(0, 5, (n,), generator=torch.Generator().manual_seed(seed))
    out = expect_tensor(student.drop_labels(y, p, 5, student.remote(testmodels.generator, seed)), (n,), torch.int64, "drop_labels")
    dropped = out == 5
    assert torch.equal(out[~dropped], y[~dropped]), "labels that are not dropped should be unchanged"
    frac = dropped.double().mean().item()
    se = math.sqrt(p * (1 - p) / n)
    assert abs(frac - p) <= 5 * se, f"p_uncond = {p}: {frac:.4f} of the labels were dropped (5 SE = {5 * se:.4f})"
    for k in range(5):
        m = y == k
        fk = dropped[m].double().mean().item()
        sek = math.sqrt(p * (1 - p) / int(m.sum()))
        assert abs(fk - p) <= 5 * sek, f"p_uncond = {p}: class {k} had {fk:.4f} of its labels dropped"


@points(3)
def test_drop_labels_edges_and_inputs(student):
    """p_uncond = 0 returns the labels, p_uncond = 1 all null_id; the result is a new int64 tensor and y itself
    is not modified."""
    y = torch.tensor([3, 0, 1, 2, 2, 0, 1, 3, 3, 1])
    before = y.clone()
    out, after = student.remote(testmodels.call_keeping_inputs, student.get("drop_labels"), y, 0.0, 4, student.remote(testmodels.generator, 0))
    out = expect_tensor(out, (10,), torch.int64, "drop_labels(p = 0)")
    assert torch.equal(out, y), f"p_uncond = 0 should keep every label; got {out.tolist()}"
    out, after = student.remote(testmodels.call_keeping_inputs, student.get("drop_labels"), y, 1.0, 4, student.remote(testmodels.generator, 0))
    out = expect_tensor(out, (10,), torch.int64, "drop_labels(p = 1)")
    assert torch.equal(out, torch.full_like(y, 4)), f"p_uncond = 1 should give only null_id = 4; got {out.tolist()}"
    assert torch.equal(after[0], before), "drop_labels modified y in place"
    out, after = student.remote(testmodels.call_keeping_inputs, student.get("drop_labels"), y, 0.5, 4, student.remote(testmodels.generator, 1))
    assert torch.equal(after[0], before), "drop_labels modified y in place"
    out = expect_tensor(out, (10,), torch.int64, "drop_labels(p = 0.5)")
    assert 0 < int((out == 4).sum()) < 10 and torch.equal(out[out != 4], y[out != 4]), f"p_uncond = 0.5: got {out.tolist()}"


@points(3)
def test_drop_labels_generator(student):
    """drop_labels draws from the generator only: the same seed gives the same result whatever the global random
    state, different seeds different results, with about p_uncond of the labels dropped."""
    y = torch.randint(0, 3, (4000,), generator=torch.Generator().manual_seed(0))
    student.remote(testmodels.reseed_global, 1)
    a = student.drop_labels(y, 0.3, 3, student.remote(testmodels.generator, 5))
    student.remote(testmodels.reseed_global, 2)
    b = student.drop_labels(y, 0.3, 3, student.remote(testmodels.generator, 5))
    c = student.drop_labels(y, 0.3, 3, student.remote(testmodels.generator, 6))
    a, b, c = (expect_tensor(v, (4000,), torch.int64, "drop_labels") for v in (a, b, c))
    assert torch.equal(a, b), "the same generator seed gave different results (is the global random generator used?)"
    assert not torch.equal(a, c), "different generator seeds gave the same result"
    frac = (a == 3).double().mean().item()
    assert abs(frac - 0.3) <= 5 * math.sqrt(0.21 / 4000), f"{frac:.3f} of the labels were dropped with p_uncond = 0.3"


@points(2)
def test_drop_labels_draws_as_documented(student):
    """drop_labels draws exactly torch.rand(y.shape, generator=generator) < p_uncond and nothing else: for labels of
    shape (B,) and (B, L) the dropped positions are those of that draw, and a second call with the same generator
    continues the stream right after it."""
    for shape, p, seed in (((3000,), 0.3, 11), ((40, 25), 0.6, 12)):
        y = torch.randint(0, 4, shape, generator=torch.Generator().manual_seed(seed))
        gen = student.remote(testmodels.generator, seed)
        first = expect_tensor(student.drop_labels(y, p, 4, gen), shape, torch.int64, f"drop_labels(y of shape {shape})")
        second = expect_tensor(student.drop_labels(y, p, 4, gen), shape, torch.int64, "drop_labels (second call)")
        g = torch.Generator().manual_seed(seed)
        for k, got in enumerate((first, second)):
            drop = torch.rand(shape, generator=g) < p
            want = torch.where(drop, torch.full_like(y, 4), y)
            which = "the first call" if k == 0 else "a second call with the same generator"
            assert torch.equal(got, want), (
                f"y of shape {shape}, p_uncond = {p}: {which} dropped {int((got != want).sum())} labels differently from "
                "torch.rand(y.shape, generator=generator) < p_uncond"
            )
