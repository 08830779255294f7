"""Hidden tests: generation (closed-form oracle, cache use, sampling law, the student's GPT with and without cache)."""

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from labcheck import F64, make_gpt, maxdiff, random_ids, sampling_probs, table_logits, trusted_greedy

from autograder import testmodels
from autograder.testing import check_tensor, points


def _tables(V, block, seed, scale=2.0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(V, V, generator=g, dtype=F64) * scale, torch.randn(block, V, generator=g, dtype=F64) * scale


def _out(t, B, T, what="generate"):
    return check_tensor(t, (B, T), torch.long, what)


@points(4)
@given(V=st.integers(2, 9), block=st.integers(1, 8), T0=st.integers(1, 11), n=st.integers(0, 14),
       B=st.sampled_from([1, 3]), cache=st.booleans(), seed=st.integers(0, 2**16))
@settings(max_examples=30)
def test_generate_greedy_follows_the_oracle(student, support, V, block, T0, n, B, cache, seed):
    """With temperature 0, generate returns the prompt followed by the argmax of the last position's logits at each step, the model seeing the last min(T, block_size) tokens; checked on a model with closed-form logits (bigram table + position bias), prompts shorter and longer than the block, with and without cache."""
    token, pos = _tables(V, block, seed)
    model = student.remote(support.TableLM, token, block, pos)
    prompt = random_ids((B, T0), V, seed + 1)
    got = _out(student.generate(model, prompt, n, temperature=0.0, top_k=None, use_cache=cache), B, T0 + n)
    want = trusted_greedy(token, pos, prompt, n, block)
    assert torch.equal(got[:, :T0], prompt), "the output does not start with the prompt"
    assert torch.equal(got, want), (
        f"greedy tokens {got[0, T0:].tolist()} differ from the argmax chain {want[0, T0:].tolist()} "
        f"(block_size={block}, prompt length {T0}, use_cache={cache})"
    )


@points(4)
@given(block=st.integers(2, 8), T0=st.integers(1, 10), n=st.integers(1, 12), seed=st.integers(0, 2**16))
@settings(max_examples=20)
def test_generate_uses_the_cache(student, support, block, T0, n, seed):
    """With use_cache=True and the sequence inside the block, the model is called once on the prompt, then once per new token on that token alone with past_kv and start_pos = its position; past the block (and always with use_cache=False) it is called on the last block_size tokens from position 0."""
    V = 6
    token, pos = _tables(V, block, seed)
    prompt = random_ids((2, T0), V, seed + 1)
    for cache in (True, False):
        model = student.remote(support.TableLM, token, block, pos)
        _out(student.generate(model, prompt, n, temperature=0.0, top_k=None, use_cache=cache), 2, T0 + n)
        calls = model.calls
        expected, past = [], None
        for step in range(n):
            T = T0 + step
            if cache and T <= block:
                expected.append([T, 0, 0] if past is None else [1, T - 1, T - 1])
                past = T
            else:
                expected.append([min(T, block), 0, 0])
        assert calls == expected, (
            f"use_cache={cache}, block_size={block}, prompt length {T0}, {n} new tokens: the model was called with "
            f"[L, start_pos, cached length] = {calls}; expected {expected}"
        )


@points(4)
@given(tk=st.sampled_from([(1.0, None), (0.5, None), (2.0, None), (1.0, 3), (0.7, 1), (1.5, 5)]), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_generate_samples_the_tempered_top_k_law(student, support, tk, seed):
    """One new token for 20000 copies of a prompt: the frequencies match softmax(logits / temperature) restricted to the top_k largest logits (chi-square, far beyond 5 standard errors), and no token outside the top k is ever drawn."""
    temperature, top_k = tk
    V, block, N = 8, 4, 20000
    token, pos = _tables(V, block, seed, scale=1.0)
    model = student.remote(support.TableLM, token, block, pos)
    prompt = torch.full((N, 2), seed % V, dtype=torch.long)
    g = student.remote(testmodels.generator, seed)
    got = _out(student.generate(model, prompt, 1, temperature=temperature, top_k=top_k, use_cache=True, generator=g), N, 3)
    p = sampling_probs(table_logits(token, pos, prompt[:1], block)[0], temperature, top_k)
    counts = torch.bincount(got[:, 2], minlength=V).to(F64)
    outside = int(counts[p == 0].sum())
    assert outside == 0, f"{outside} draws fell outside the top {top_k} tokens"
    keep = p > 0
    expected = N * p[keep]
    chi2 = float(((counts[keep] - expected) ** 2 / expected).sum())
    dof = int(keep.sum()) - 1
    assert chi2 <= dof + 10 * (2 * max(dof, 1)) ** 0.5 + 10, (
        f"token frequencies {(counts / N).tolist()} do not follow the tempered top-k law {p.tolist()} "
        f"(chi2 = {chi2:.1f} with {dof} dof; temperature={temperature}, top_k={top_k})"
    )


@points(4)
@given(seed=st.integers(0, 2**16), T0=st.integers(1, 5), n=st.integers(1, 14), B=st.sampled_from([1, 3]))
@settings(max_examples=8)
def test_generate_gpt_same_tokens_with_and_without_cache(student, reference, seed, T0, n, B):
    """On your GPT (float64, random weights), greedy generation gives identical tokens with and without the KV cache, inside and past the block, and equal to the reference's on the same weights; sampling with the same seeded generator gives identical tokens with and without cache too."""
    V, block, d, n_layers, heads = 11, 8, 16, 2, 4
    model = make_gpt(student, V, block, d, n_layers, heads, seed, std=0.5)
    ref = make_gpt(reference, V, block, d, n_layers, heads, seed, std=0.5)
    prompt = random_ids((B, T0), V, seed + 1)
    a = _out(student.generate(model, prompt, n, temperature=0.0, top_k=None, use_cache=True), B, T0 + n)
    b = _out(student.generate(model, prompt, n, temperature=0.0, top_k=None, use_cache=False), B, T0 + n)
    assert torch.equal(a, b), f"greedy tokens with the cache {a[0, T0:].tolist()} differ from those without {b[0, T0:].tolist()}"
    want = reference.generate(ref, prompt, n, temperature=0.0, top_k=None, use_cache=False)
    assert torch.equal(a, want), f"greedy tokens {a[0, T0:].tolist()} differ from the reference's {want[0, T0:].tolist()} on the same weights"
    c = student.generate(model, prompt, n, temperature=1.0, top_k=4, use_cache=True, generator=student.remote(testmodels.generator, seed))
    e = student.generate(model, prompt, n, temperature=1.0, top_k=4, use_cache=False, generator=student.remote(testmodels.generator, seed))
    c, e = _out(c, B, T0 + n), _out(e, B, T0 + n)
    assert torch.equal(c, e), "with the same generator, sampling with and without the cache gives different tokens"
    assert torch.equal(c[:, :T0], prompt), "the output does not start with the prompt"


@points(2)
def test_generate_uses_only_its_generator_and_keeps_the_prompt(student, support):
    """With a seeded generator, generate's samples do not depend on the global random state, the prompt tensor is not modified, and the output starts with it."""
    token, pos = _tables(6, 5, 4, scale=1.0)
    prompt = random_ids((4, 3), 6, 5)
    outs = []
    for glob in (1, 2):
        model = student.remote(support.TableLM, token, 5, pos)
        student.remote(testmodels.reseed_global, glob)
        g = student.remote(testmodels.generator, 9)
        out, after = student.remote(testmodels.call_keeping_inputs, student.get("generate"), model, prompt, 9, 1.0, None, True, g)
        assert isinstance(after, list) and torch.equal(after[1], prompt), "generate modified the prompt in place"
        outs.append(_out(out, 4, 12))
    assert torch.equal(outs[0], outs[1]), "with the same generator, the samples change with the global random state"
    assert torch.equal(outs[0][:, :3], prompt), "the output does not start with the prompt"
    assert len(set(outs[0][:, 3:].reshape(-1).tolist())) > 1, "the samples are all the same token"


@points(1)
@given(V=st.integers(2, 7), block=st.integers(1, 6), T0=st.integers(1, 8), seed=st.integers(0, 2**16))
@settings(max_examples=15)
def test_generate_greedy_ties_go_to_the_smallest_id(student, support, V, block, T0, seed):
    """With temperature 0 and tied largest logits, generate takes the smallest tied id (as torch.argmax does), with and without cache; checked on a closed-form model whose integer logits tie often."""
    g = torch.Generator().manual_seed(seed)
    token = torch.randint(0, 2, (V, V), generator=g).to(F64)
    pos = torch.zeros(block, V, dtype=F64)
    prompt = random_ids((3, T0), V, seed + 1)
    want = trusted_greedy(token, pos, prompt, 8, block)
    for cache in (True, False):
        model = student.remote(support.TableLM, token, block, pos)
        got = _out(student.generate(model, prompt, 8, temperature=0.0, top_k=None, use_cache=cache), 3, T0 + 8)
        assert torch.equal(got, want), (
            f"greedy tokens {got[0, T0:].tolist()} differ from the argmax chain {want[0, T0:].tolist()} on a model with tied "
            f"logits (use_cache={cache}): on ties take the smallest id"
        )


@points(2)
def test_generate_replays_the_multinomial_draws(student, reference, support):
    """Sampling draws each new token with torch.multinomial(probs, 1, generator=generator), one call per step for the whole batch: for the same seeded generator the tokens equal the reference's exactly, for several temperatures and top_k, with and without cache."""
    V, block = 8, 4
    token, pos = _tables(V, block, 21, scale=1.0)
    prompt = random_ids((6, 2), V, 22)
    for temperature, top_k, cache, seed in ((1.0, None, True, 1), (0.7, 3, True, 2), (1.5, None, False, 3), (1.0, 5, False, 4)):
        model = student.remote(support.TableLM, token, block, pos)
        g = student.remote(testmodels.generator, seed)
        got = _out(student.generate(model, prompt, 7, temperature=temperature, top_k=top_k, use_cache=cache, generator=g), 6, 9)
        r_model = reference.remote(support.TableLM, token, block, pos)
        want = reference.generate(r_model, prompt, 7, temperature=temperature, top_k=top_k, use_cache=False,
                                  generator=testmodels.generator(seed))
        assert torch.equal(got, want), (
            f"for the same seeded generator the samples {got[0, 2:].tolist()} differ from the reference's {want[0, 2:].tolist()} "
            f"(temperature={temperature}, top_k={top_k}, use_cache={cache}): draw with torch.multinomial(probs, 1, generator=generator)"
        )


@points(1)
def test_generate_defaults_and_global_generator(student, reference, support):
    """generate(model, idx, n) uses the defaults temperature=1.0, top_k=None, use_cache=True, generator=None, and generator=None means torch's global generator: after torch.manual_seed(s) the tokens are those a torch.Generator seeded with s gives, with the cached calling pattern."""
    V, block, T0, n = 6, 5, 3, 9
    token, pos = _tables(V, block, 31, scale=1.0)
    prompt = random_ids((4, T0), V, 32)
    outs = []
    for seed in (5, 6):
        model = student.remote(support.TableLM, token, block, pos)
        student.remote(testmodels.reseed_global, seed)
        got = _out(student.generate(model, prompt, n), 4, T0 + n, "generate(model, idx, n)")
        r_model = reference.remote(support.TableLM, token, block, pos)
        want = reference.generate(r_model, prompt, n, 1.0, None, False, testmodels.generator(seed))
        assert torch.equal(got, want), (
            f"after torch.manual_seed({seed}), generate(model, idx, {n}) samples {got[0, T0:].tolist()}; expected "
            f"{want[0, T0:].tolist()} (defaults temperature=1.0, top_k=None; generator=None is torch's global generator)"
        )
        calls = model.calls
        expected = [[T0, 0, 0]] + [[1, T - 1, T - 1] for T in range(T0 + 1, block + 1)] + [[block, 0, 0]] * (n - (block - T0 + 1))
        assert calls == expected, (
            f"generate(model, idx, {n}) called the model with [L, start_pos, cached length] = {calls}; expected {expected} "
            "(use_cache=True by default)"
        )
        outs.append(got)
    assert not torch.equal(outs[0], outs[1]), "generate without a generator gives the same samples for two global seeds"
