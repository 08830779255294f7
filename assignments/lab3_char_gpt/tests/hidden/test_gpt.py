"""Hidden tests: the GPT model (architecture, initial loss, causality, KV cache)."""

import math

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from labcheck import (
    F64,
    check_names,
    corpus_windows,
    cross_entropy,
    gpt_param_count,
    kv_pairs,
    logits_of,
    make_gpt,
    maxdiff,
    random_ids,
    sane_model,
    vocab_size,
)

from autograder.errors import StudentError
from autograder.testing import points

# (V, block_size, d_model, n_layers, n_heads): batch == d_model, V == block, one head, ...
CONFIGS = [(11, 8, 16, 2, 4), (7, 6, 8, 1, 2), (13, 10, 12, 3, 3), (16, 16, 16, 2, 1), (5, 9, 8, 2, 8)]


@st.composite
def gpt_case(draw):
    cfg = draw(st.sampled_from(CONFIGS))
    B = draw(st.sampled_from([1, 3, cfg[2]]))
    L = draw(st.integers(1, cfg[1]))
    seed = draw(st.integers(0, 2**16))
    return cfg, B, L, seed


def _pair_models(student, reference, cfg, seed):
    V, block, d, n_layers, heads = cfg
    s = make_gpt(student, V, block, d, n_layers, heads, seed)
    r = make_gpt(reference, V, block, d, n_layers, heads, seed)
    return s, r


@points(6)
@given(case=gpt_case())
@settings(max_examples=12)
def test_gpt_matches_reference_architecture(student, reference, case):
    """GPT(vocab_size, block_size, d_model, n_layers, n_heads) has the notebook's modules (tok_emb, pos_emb, blocks of pre-norm TransformerBlocks with d_ff = 4 d_model, ln_f, bias-free lm_head) and, with the same parameter values, the same logits (B, L, vocab_size) and cache (one (k, v) per block, (B, n_heads, L, d_head)) as the reference (float64, 1e-10)."""
    cfg, B, L, seed = case
    V, block, d, n_layers, heads = cfg
    s, r = _pair_models(student, reference, cfg, seed)
    check_names(s, r)
    n_params = sum(v.numel() for v in s.state_dict().values() if isinstance(v, torch.Tensor))
    assert n_params >= gpt_param_count(V, block, d, n_layers), f"{n_params} parameters; expected {gpt_param_count(V, block, d, n_layers)}"
    idx = random_ids((B, L), V, seed + 1)
    out = s(idx)
    logits = logits_of(out, B, L, V)
    assert out[0].dtype == F64, f"the logits of a float64 model have dtype {out[0].dtype}; expected the parameters' dtype"
    kv = kv_pairs(out, n_layers, B, heads, L, d // heads)
    want, want_kv = r(idx)
    assert torch.allclose(logits, want, atol=1e-10), (
        f"the logits differ from the notebook's GPT with the same parameters by {maxdiff(logits, want):.3g} "
        f"(V={V}, block_size={block}, d_model={d}, n_layers={n_layers}, n_heads={heads}, L={L})"
    )
    for i, ((k, v), (wk, wv)) in enumerate(zip(kv, want_kv, strict=True)):
        assert torch.allclose(k, wk, atol=1e-10) and torch.allclose(v, wv, atol=1e-10), (
            f"the cache of block {i} differs from the reference's keys/values"
        )


@points(5)
def test_gpt_initial_loss_is_about_log_v(student):
    """A freshly built GPT(V) with the default sizes (weights drawn from N(0, 0.02^2)) gives, on corpus windows, a loss within 0.25 nats of log V (the uniform model), with deterministic, input-dependent logits."""
    V = vocab_size()
    for seed in (0, 1, 2):
        student.reseed(seed)
        model = student.GPT(V)
        x, y = corpus_windows(64, 32, seed)
        a = logits_of(model(x), 32, 64, V)
        b = logits_of(model(x), 32, 64, V)
        assert torch.equal(a, b), "the logits change between two calls on the same input"
        assert float((a - a.mean()).abs().max()) > 1e-6, "the logits are the same for every input and position"
        loss = cross_entropy(a, y)
        assert abs(loss - math.log(V)) <= 0.25, (
            f"the initial loss is {loss:.3f} nats; a well-initialised model starts within 0.25 of log V = {math.log(V):.3f} "
            f"(seed {seed})"
        )


@points(5)
@given(case=gpt_case().filter(lambda c: c[2] >= 2), data=st.data())
@settings(max_examples=12)
def test_gpt_is_causal(student, case, data):
    """Causality of the whole model: changing the tokens idx[:, j:] leaves logits[:, :j] unchanged (float64, exactly up to 1e-12), for every cut j, and changes the later logits."""
    cfg, B, L, seed = case
    V, block, d, n_layers, heads = cfg
    j = data.draw(st.integers(1, L - 1), label="j")
    model = make_gpt(student, V, block, d, n_layers, heads, seed)
    idx = random_ids((B, L), V, seed + 1)
    idx2 = idx.clone()
    idx2[:, j:] = (idx[:, j:] + 1 + random_ids((B, L - j), V - 1, seed + 2)) % V   # every future token differs
    a = logits_of(model(idx), B, L, V)
    b = logits_of(model(idx2), B, L, V)
    assert torch.allclose(a[:, :j], b[:, :j], atol=1e-12, rtol=0), (
        f"changing the tokens from position {j} on changed the logits before position {j} by {maxdiff(a[:, :j], b[:, :j]):.3g}: "
        "position i must only see tokens 0..i"
    )
    assert maxdiff(a[:, j:], b[:, j:]) > 1e-9, "changing the tokens from position j on changes no logit at all"


@points(5)
@given(case=gpt_case().filter(lambda c: c[2] >= 2), data=st.data())
@settings(max_examples=12)
def test_gpt_kv_cache_matches_full_forward(student, reference, case, data):
    """KV cache: a prefix at once, then the rest one (or two) tokens at a time with past_kv and start_pos, gives the logits and the cache of the full forward pass at every position, which equal the reference's (float64, 1e-9)."""
    cfg, B, L, seed = case
    V, block, d, n_layers, heads = cfg
    prefix = data.draw(st.integers(1, L - 1), label="prefix")
    chunk = data.draw(st.sampled_from([1, 2]), label="chunk")
    s, r = _pair_models(student, reference, cfg, seed)
    idx = random_ids((B, L), V, seed + 1)
    full = logits_of(s(idx), B, L, V)
    want, _ = r(idx)
    assert torch.allclose(full, want, atol=1e-9), f"the full forward differs from the reference by {maxdiff(full, want):.3g}"
    out = s(idx[:, :prefix])
    steps = [logits_of(out, B, prefix, V)]
    kv = kv_pairs(out, n_layers, B, heads, prefix, d // heads)
    t = prefix
    while t < L:
        n = min(chunk, L - t)
        out = s(idx[:, t : t + n], past_kv=kv, start_pos=t)
        steps.append(logits_of(out, B, n, V, f"GPT.forward(idx, past_kv, start_pos={t})"))
        kv = kv_pairs(out, n_layers, B, heads, t + n, d // heads, f"GPT.forward(idx, past_kv, start_pos={t})")
        t += n
    cached = torch.cat(steps, 1)
    bad = (cached - full).abs().amax(dim=(0, 2))
    assert torch.allclose(cached, full, atol=1e-9), (
        f"with the cache (prefix {prefix}, then {chunk} token(s) at a time) the logits differ from the full forward at positions "
        f"{[i for i in range(L) if bad[i] > 1e-9]} (max {float(bad.max()):.3g})"
    )


@points(2)
def test_gpt_initialisation_as_specified(student, reference):
    """A fresh GPT(V) with the default sizes draws every nn.Linear and nn.Embedding weight from N(0, 0.02^2) (sample mean and standard deviation of each weight, thousands of entries, 10 standard errors), and its LayerNorms keep weight 1 and bias 0; its logits are finite, deterministic and input-dependent."""
    V = vocab_size()
    student.reseed(0)
    model = student.GPT(V)
    sane_model(model, V, 64, what="a fresh GPT(V)")
    check_names(model, reference.GPT(V))
    sd = {k: v.detach().to(F64) for k, v in model.state_dict().items() if isinstance(v, torch.Tensor) and v.is_floating_point()}
    for name, w in sorted(sd.items()):
        if w.dim() == 2:   # every matrix of the notebook's GPT is an nn.Linear or nn.Embedding weight
            n = w.numel()
            mean, std = float(w.mean()), float(w.std())
            assert abs(mean) <= 10 * 0.02 / math.sqrt(n) and abs(std - 0.02) <= 10 * 0.02 / math.sqrt(2 * n), (
                f"{name} has mean {mean:.4g} and standard deviation {std:.4g} at initialisation; "
                "every nn.Linear and nn.Embedding weight is drawn from N(0, 0.02^2)"
            )
        elif name.endswith(".weight"):
            assert torch.equal(w, torch.ones_like(w)), f"{name} is not all ones at initialisation (LayerNorms keep gamma = 1)"
        elif name.endswith(".bias"):
            assert torch.equal(w, torch.zeros_like(w)), f"{name} is not all zeros at initialisation (LayerNorms keep beta = 0)"


@points(2)
def test_gpt_rejects_positions_past_the_block(student, reference):
    """GPT has the attributes vocab_size and block_size; a sequence of exactly block_size tokens gives the reference's logits, and forward raises a ValueError whenever start_pos + L > block_size (a sequence longer than the block, new tokens after a full or nearly full cache): positions never wrap around."""
    V, block, d, n_layers, heads = 11, 8, 16, 2, 4
    s, r = _pair_models(student, reference, (V, block, d, n_layers, heads), 3)
    assert s.vocab_size == V and s.block_size == block, (
        f"GPT({V}, {block}, ...) has vocab_size {s.vocab_size!r} and block_size {s.block_size!r}; expected {V} and {block}"
    )
    idx = random_ids((2, block), V, 4)
    out = s(idx)
    logits = logits_of(out, 2, block, V)
    want, _ = r(idx)
    assert torch.allclose(logits, want, atol=1e-10), (
        f"on a sequence of exactly block_size = {block} tokens the logits differ from the reference's by {maxdiff(logits, want):.3g}"
    )
    full = kv_pairs(out, n_layers, 2, heads, block, d // heads)
    part = kv_pairs(s(idx[:, :6]), n_layers, 2, heads, 6, d // heads)
    cases = [
        (f"forward on {block + 1} tokens", lambda: s(random_ids((2, block + 1), V, 5))),
        (f"forward(1 token, past_kv of {block}, start_pos={block})", lambda: s(idx[:, :1], past_kv=full, start_pos=block)),
        ("forward(3 tokens, past_kv of 6, start_pos=6)", lambda: s(idx[:, :3], past_kv=part, start_pos=6)),
    ]
    for what, call in cases:
        try:
            call()
        except StudentError as exc:
            if exc.not_answered:
                raise
            assert exc.kind == "ValueError", f"{what} with block_size {block} raised {exc.kind}; expected a ValueError"
        else:
            raise AssertionError(f"{what} with block_size {block} returned a value; start_pos + L > block_size must raise a ValueError")
