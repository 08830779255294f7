"""Hidden tests of HW10: sample_next (greedy, temperature, top-k, top-p) and its randomness.

Statistical checks draw many tokens in ONE call (the logits rows repeated), with a generator built
next to the code under test from a fixed seed: the result is deterministic for a given implementation,
and a correct one passes with overwhelming probability whatever way it draws (thresholds: a
chi-square p-value above 1e-7, i.e. more than 5 standard errors; a token of the support is missed with
probability below 1e-8).
"""

import archeck as ac
import numpy as np
import torch
from archeck import F32, F64, expect_tensor
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points

P_MIN = 1e-7


def _draw(student, logits, seed=0, **kw):
    gen = student.remote(testmodels.generator, seed)
    out = student.sample_next(logits, generator=gen, **kw)
    return expect_tensor(out, (logits.shape[0],), torch.int64, f"sample_next on logits {tuple(logits.shape)}")


def _per_row(draws, n_rows, repeat):
    return draws.reshape(n_rows, repeat)


@points(3)
def test_sample_next_generator_and_dtype(student):
    """sample_next returns a LongTensor (B,) of valid token ids, for float32 and float64 logits; the same
    generator seed gives the same tokens whatever the global random state, different seeds different tokens;
    a row whose mass is all on one token always gives that token; logits are not modified."""
    gen = torch.Generator().manual_seed(1)
    rows = torch.randn(8, 6, generator=gen, dtype=F64)
    rows[0] = torch.tensor([0.0, 0.0, 0.0, 80.0, 0.0, 0.0])  # token 3 has mass 1 - 1e-34
    rows[5] = torch.tensor([0.0, 0.0, 0.0, 0.0, 0.0, 90.0])
    for dtype in (F32, F64):
        logits = rows.repeat(50, 1).to(dtype)
        before = logits.clone()
        student.remote(testmodels.reseed_global, 1)
        a = _draw(student, logits, seed=7)
        student.remote(testmodels.reseed_global, 2)
        b = _draw(student, logits, seed=7)
        c = _draw(student, logits, seed=8)
        assert bool(((a >= 0) & (a < 6)).all()), "sample_next returned ids outside 0..V-1"
        assert torch.equal(a, b), "the same generator seed gave different tokens (is the global random generator used?)"
        assert not torch.equal(a, c), "different generator seeds gave the same 400 tokens"
        assert bool((a.reshape(50, 8)[:, 0] == 3).all()) and bool((a.reshape(50, 8)[:, 5] == 5).all()), (
            "a row with all its mass on one token did not always give that token"
        )
        out, after = student.remote(testmodels.call_keeping_inputs, student.get("sample_next"), logits, 1.0, 3, 0.9)
        assert torch.equal(after[0], before), "sample_next modified the logits in place"
        expect_tensor(out, (400,), torch.int64, "sample_next with top_k and top_p")


CHI2_CASES = [
    ([2.0, 1.0, 0.5, 0.0, -1.0, -1.5], 1.0),
    ([0.3, -0.2, 1.1, 0.0, 0.7, -0.9], 1.0),
    ([1.0, 0.0, -1.0, 2.0], 0.5),
    ([1.0, 0.0, -1.0, 2.0, 3.0], 2.0),
    ([4.0, -1.0, 0.0, 1.5], 3.0),
]


@points(5)
def test_sample_next_frequencies_match_softmax(student):
    """With temperature tau, the frequencies of 2*10^4 draws per distribution match softmax(logits / tau)
    (chi-square, p-value > 1e-7), for several rows of one batch, in float32 and float64."""
    n = 20000
    for dtype in (F64, F32):
        for rows, tau in [(CHI2_CASES[:2], 1.0), (CHI2_CASES[2:3], 0.5), (CHI2_CASES[3:4], 2.0), (CHI2_CASES[4:], 3.0)]:
            logit_rows = [r for r, _ in rows]
            V = len(logit_rows[0])
            logits = ac.logits_batch(logit_rows, n, dtype)
            draws = _per_row(_draw(student, logits, seed=11, temperature=tau), len(rows), n)
            for k, r in enumerate(logit_rows):
                probs = ac.filtered_probs(np.array(r), tau, None, None)[0]
                p = ac.chi2_pvalue(draws[k], probs)
                freq = np.bincount(draws[k].numpy(), minlength=V) / n
                assert p > P_MIN, (
                    f"temperature {tau}, {str(dtype)[6:]}: the frequencies {np.round(freq, 3).tolist()} do not match "
                    f"softmax(logits / tau) = {np.round(probs, 3).tolist()} (chi-square p = {p:.2g})"
                )


@points(3)
@given(
    V=st.integers(2, 9),
    B=st.integers(1, 9),
    seed=st.integers(0, 2**16),
    mode=st.sampled_from(["zero", "tiny", "top1", "top1_hot"]),
)
@example(V=4, B=4, seed=0, mode="zero")
@settings(max_examples=20)
def test_sample_next_greedy_limits(student, V, B, seed, mode):
    """temperature = 0 is argmax (no randomness, generator or not); a temperature of 1e-3 with logit gaps of at
    least 0.1 also gives the argmax; top_k = 1 gives the argmax at any temperature."""
    gen = torch.Generator().manual_seed(seed)
    logits = torch.randperm(V * B, generator=gen).reshape(B, V).to(F64) * 0.1 + torch.randn(B, 1, generator=gen, dtype=F64)
    want = logits.argmax(-1)
    if mode == "zero":
        got = student.sample_next(logits, temperature=0.0)
        got = expect_tensor(got, (B,), torch.int64, "sample_next(temperature=0)")
        got2 = _draw(student, logits, seed=seed, temperature=0)
        assert torch.equal(got2, want), f"temperature 0 with a generator: expected {want.tolist()}; got {got2.tolist()}"
    elif mode == "tiny":
        got = _draw(student, logits, seed=seed, temperature=1e-3)
    elif mode == "top1":
        got = _draw(student, logits, seed=seed, top_k=1)
    else:
        got = _draw(student, logits, seed=seed, temperature=5.0, top_k=1)
    assert torch.equal(got, want), f"mode {mode}: expected the argmax {want.tolist()}; got {got.tolist()}"


@points(2)
@given(seed=st.integers(0, 2**16), V=st.integers(3, 7))
@settings(max_examples=8)
def test_sample_next_entropy_increases_with_temperature(student, seed, V):
    """The empirical entropy of 2*10^4 draws grows with the temperature (0.25, 0.5, 1, 2, 4) and is within
    0.05 nats of the entropy of softmax(logits / tau)."""
    gen = torch.Generator().manual_seed(seed)
    row = (2 * torch.randn(V, generator=gen, dtype=F64)).tolist()
    taus = [0.25, 0.5, 1.0, 2.0, 4.0]
    exact = [ac.entropy(ac.filtered_probs(np.array(row), t, None, None)[0]) for t in taus]
    assume(all(b - a > 0.12 for a, b in zip(exact, exact[1:])))
    n = 20000
    emp = []
    for t in taus:
        draws = _draw(student, ac.logits_batch([row], n), seed=seed, temperature=t)
        emp.append(ac.entropy(np.bincount(draws.numpy(), minlength=V) / n))
    for t, e, x in zip(taus, emp, exact, strict=True):
        assert abs(e - x) <= 0.05, f"temperature {t}: the draws have entropy {e:.3f} nats, softmax(logits / tau) has {x:.3f}"
    assert all(b > a for a, b in zip(emp, emp[1:])), f"the entropy of the draws does not grow with the temperature: {emp}"


@st.composite
def filter_case(draw, use_k, use_p):
    V = draw(st.integers(2, 8))
    B = draw(st.sampled_from([1, 2, 3, V]))
    seed = draw(st.integers(0, 2**16))
    gen = torch.Generator().manual_seed(seed)
    # distinct logits in [-1, 1]: at tau >= 0.7 every token has probability >= 1 / (1 + 7 e^(2 / 0.7)) > 8e-3,
    # so 8000 draws miss a kept token with probability < e^-64
    logits = (2 * torch.rand(B, V, generator=gen, dtype=F64) - 1).numpy().round(3)
    assume(all(len(set(r)) == V for r in logits.tolist()))
    tau = draw(st.sampled_from([1.0, 0.7, 1.5]))
    k = draw(st.integers(1, V + 1)) if use_k else None
    p = draw(st.floats(0.05, 1.0)) if use_p else None
    if p is not None:
        assume(ac.nucleus_margin(logits, tau, k, p) > 1e-6)
    return logits, tau, k, p, seed


def _support_check(student, case, what):
    logits, tau, k, p, seed = case
    B, V = logits.shape
    n = 8000
    probs = ac.filtered_probs(logits, tau, k, p)
    kw = {"temperature": tau}
    if k is not None:
        kw["top_k"] = k
    if p is not None:
        kw["top_p"] = p
    draws = _per_row(_draw(student, ac.logits_batch(logits.tolist(), n), seed=seed, **kw), B, n)
    for b in range(B):
        seen = set(np.unique(draws[b].numpy()).tolist())
        want = set(np.nonzero(probs[b])[0].tolist())
        order = np.argsort(-logits[b]).tolist()
        assert seen <= want, (
            f"{what} (V = {V}, tau = {tau}, top_k = {k}, top_p = {p}): row {b} sampled tokens {sorted(seen - want)} "
            f"outside the kept set {sorted(want)} (tokens by decreasing logit: {order})"
        )
        assert seen == want, (
            f"{what} (V = {V}, tau = {tau}, top_k = {k}, top_p = {p}): row {b} never sampled the kept tokens "
            f"{sorted(want - seen)} in {n} draws (kept set {sorted(want)}, tokens by decreasing logit: {order})"
        )
    return draws, probs


@points(4)
@given(case=filter_case(use_k=True, use_p=False))
@settings(max_examples=25)
def test_top_k_support(student, case):
    """With top_k = k, every row samples exactly its k largest logits (all of them, never another; top_k >= V keeps
    every token), at any temperature, each row independently."""
    _support_check(student, case, "top-k")


@points(5)
@given(case=filter_case(use_k=False, use_p=True))
@example(case=(np.array([[1.0, 0.0, -0.5, 0.3]]), 1.0, None, 0.5, 0))
@example(case=(np.array([[2.0, -1.0, 0.1, 0.0, -0.3]]), 1.0, None, 0.05, 1))
@settings(max_examples=30)
def test_top_p_support(student, case):
    """With top_p = p, every row samples exactly the smallest set of most likely tokens whose mass (under
    softmax(logits / tau)) is >= p: the token that crosses p is kept, the argmax always is, nothing else."""
    _support_check(student, case, "top-p")


@points(3)
@given(case=filter_case(use_k=True, use_p=True))
@settings(max_examples=20)
def test_top_k_then_top_p_support(student, case):
    """temperature, then top-k, then top-p on the renormalised top-k distribution: the sampled set of every row
    is the nucleus of its top-k distribution."""
    _support_check(student, case, "top-k then top-p")


@points(3)
def test_filtered_frequencies(student):
    """After top-k / top-p the kept tokens are drawn with their renormalised probabilities (chi-square on 2*10^4
    draws per row, p-value > 1e-7)."""
    n = 20000
    rows = [[2.0, 1.5, 1.0, 0.2, -0.5, -1.0], [0.1, 1.2, -0.3, 0.8, 0.0, 0.5]]
    for tau, k, p in [(1.0, 3, None), (0.8, None, 0.7), (1.3, 4, 0.8)]:
        kw = {"temperature": tau, "top_k": k, "top_p": p}
        draws = _per_row(_draw(student, ac.logits_batch(rows, n), seed=3, **kw), len(rows), n)
        probs = ac.filtered_probs(np.array(rows), tau, k, p)
        for b in range(len(rows)):
            pv = ac.chi2_pvalue(draws[b], probs[b]) if set(np.unique(draws[b].numpy())) <= set(np.nonzero(probs[b])[0]) else 0.0
            freq = np.bincount(draws[b].numpy(), minlength=6) / n
            assert pv > P_MIN, (
                f"tau = {tau}, top_k = {k}, top_p = {p}: row {b} frequencies {np.round(freq, 3).tolist()} do not match "
                f"the renormalised kept probabilities {np.round(probs[b], 3).tolist()} (chi-square p = {pv:.2g})"
            )
