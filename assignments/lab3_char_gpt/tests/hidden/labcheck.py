"""Grader-owned data and trusted-side numerics for the lab3 hidden tests (never released).

The corpus is the committed ``data/corpus.txt``; the grader tokenises it itself (sorted characters,
the same rule as the notebook), gives the student the first 90 % of the ids by value, and keeps
the last 10 % as validation text: the validation windows only ever reach the sandbox as inputs of
the trained model's forward pass, after training, and the loss is computed here from the logits
that come back by value.
"""

from __future__ import annotations

import collections
import functools
import math
from pathlib import Path

import torch

from autograder import testmodels

F64 = torch.float64
CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus.txt"
TRAIN_FRACTION = 0.9


# -- the corpus -----------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def corpus() -> str:
    return CORPUS.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def vocab() -> tuple[str, ...]:
    return tuple(sorted(set(corpus())))


def encode(s: str) -> torch.Tensor:
    stoi = {c: i for i, c in enumerate(vocab())}
    return torch.tensor([stoi[c] for c in s], dtype=torch.long)


@functools.lru_cache(maxsize=1)
def _ids() -> torch.Tensor:
    return encode(corpus())


def split() -> tuple[torch.Tensor, torch.Tensor]:
    """(train ids, validation ids): the first 90 % and the last 10 % of the corpus."""
    ids = _ids()
    n = int(TRAIN_FRACTION * len(ids))
    return ids[:n].clone(), ids[n:].clone()


def vocab_size() -> int:
    return len(vocab())


# -- baselines (recomputed here on the same file) -------------------------------------------
@functools.lru_cache(maxsize=1)
def baselines() -> dict[str, float]:
    """Held-out loss (nats/char) of the uniform, add-1 unigram and add-1 bigram models."""
    text = corpus()
    n = int(TRAIN_FRACTION * len(text))
    train, val = text[:n], text[n:]
    V = len(vocab())
    uni = collections.Counter(train)
    big = collections.Counter(zip(train, train[1:], strict=False))
    prev = collections.Counter(train[:-1])
    unigram = -sum(math.log((uni[c] + 1) / (len(train) + V)) for c in val) / len(val)
    bigram = -sum(
        math.log((big[a, b] + 1) / (prev[a] + V)) for a, b in zip(val, val[1:], strict=False)
    ) / (len(val) - 1)
    return {"uniform": math.log(V), "unigram": unigram, "bigram": bigram}


# -- windows and losses ---------------------------------------------------------------------
def windows(ids: torch.Tensor, L: int, n: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Non-overlapping teacher-forcing windows (x, y) of length L covering ``ids`` (at most n)."""
    count = (len(ids) - 1) // L
    if n is not None:
        count = min(count, n)
    x = ids[: count * L].reshape(count, L)
    y = ids[1 : count * L + 1].reshape(count, L)
    return x, y


def logits_of(out, B: int, L: int, V: int, what: str = "GPT.forward") -> torch.Tensor:
    """The logits of a ``model(idx)`` result ``(logits, kv)``, checked, as float64."""
    assert isinstance(out, tuple | list) and len(out) == 2, (
        f"{what} must return a pair (logits, kv); got {type(out).__name__}"
    )
    logits = out[0]
    assert isinstance(logits, torch.Tensor), (
        f"{what}'s logits must be a torch.Tensor; got {type(logits).__name__}"
    )
    assert tuple(logits.shape) == (B, L, V), (
        f"{what}'s logits have shape {tuple(logits.shape)}; expected (B, L, vocab_size) = {(B, L, V)}"
    )
    assert logits.is_floating_point(), f"{what}'s logits have dtype {logits.dtype}"
    logits = logits.detach().to(F64)
    assert torch.isfinite(logits).all(), f"{what} returned non-finite logits (NaN or inf)"
    return logits


def cross_entropy(logits: torch.Tensor, y: torch.Tensor) -> float:
    """Mean next-token negative log-likelihood in nats, computed here (float64)."""
    V = logits.shape[-1]
    return float(torch.nn.functional.cross_entropy(logits.reshape(-1, V).to(F64), y.reshape(-1)))


def model_loss(model, x: torch.Tensor, y: torch.Tensor, V: int, chunk: int = 64) -> float:
    """Mean loss of a model in the sandbox on windows (x, y): logits come back by value."""
    total, count = 0.0, 0
    for i in range(0, len(x), chunk):
        xb, yb = x[i : i + chunk], y[i : i + chunk]
        logits = logits_of(model(xb), xb.shape[0], xb.shape[1], V)
        total += cross_entropy(logits, yb) * yb.numel()
        count += yb.numel()
    return total / count


# -- building models where an implementation lives ------------------------------------------
def as_float64(impl, module):
    return impl.remote(testmodels.set_dtype_, module, "float64")


def random_ids(shape, V: int, seed: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(int(seed))
    return torch.randint(0, V, tuple(shape), generator=g)


def corpus_windows(L: int, n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """n random training windows of the corpus (grader's sampling, not the student's)."""
    train, _ = split()
    g = torch.Generator().manual_seed(int(seed))
    ix = torch.randint(len(train) - L, (n,), generator=g)
    offs = torch.arange(L)
    return train[ix[:, None] + offs], train[ix[:, None] + offs + 1]


def gpt_param_count(V: int, block: int, d: int, n_layers: int) -> int:
    """Parameters of the notebook's GPT: embeddings, blocks (d_ff = 4d, bias-free), ln_f, lm_head."""
    per_block = 2 * (2 * d) + 4 * d * d + 2 * d * (4 * d)
    return V * d + block * d + n_layers * per_block + 2 * d + d * V


def maxdiff(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a.to(F64) - b.to(F64)).abs().max()) if a.numel() else 0.0


# -- trusted decoding (for the closed-form TableLM) ------------------------------------------
def table_logits(token: torch.Tensor, pos: torch.Tensor, seq: torch.Tensor, block: int) -> torch.Tensor:
    """Next-token logits of TableLM for every sequence of ``seq`` (B, T): last token, position min(T, block) - 1."""
    T = seq.shape[1]
    p = min(T, block) - 1
    return token.to(F64)[seq[:, -1]] + pos.to(F64)[p]


def trusted_greedy(token, pos, prompt, n, block) -> torch.Tensor:
    seq = prompt.clone()
    for _ in range(n):
        nxt = torch.argmax(table_logits(token, pos, seq, block), dim=-1, keepdim=True)
        seq = torch.cat([seq, nxt], 1)
    return seq


def sampling_probs(logits: torch.Tensor, temperature: float, top_k: int | None) -> torch.Tensor:
    z = logits.to(F64) / temperature
    if top_k is not None:
        kth = torch.topk(z, top_k, dim=-1).values[..., -1:]
        z = z.masked_fill(z < kth, float("-inf"))
    return torch.softmax(z, dim=-1)


# -- GPT helpers ------------------------------------------------------------------------------
def make_gpt(impl, V, block, d, n_layers, heads, seed, std=0.3):
    """impl's GPT in float64 with every parameter redrawn from N(0, std^2) (seeded, sorted names)."""
    model = impl.GPT(V, block, d, n_layers, heads)
    model = impl.remote(testmodels.set_dtype_, model, "float64")
    impl.remote(testmodels.reinit_normal_, model, std=std, seed=seed)
    return model


def check_names(student_model, reference_model, what="GPT"):
    """The student's parameters have the notebook's names and shapes (the reference's)."""
    sd = student_model.state_dict()
    assert isinstance(sd, dict), f"{what}.state_dict() did not return a dict"
    got = {k: tuple(v.shape) for k, v in sd.items() if isinstance(v, torch.Tensor)}
    want = {k: tuple(p.shape) for k, p in reference_model.named_parameters()}
    missing = sorted(set(want) - set(got))
    assert not missing, (
        f"{what} has no parameter(s) {', '.join(missing[:6])}{' ...' if len(missing) > 6 else ''} "
        "(use the module names and sizes given in the notebook: tok_emb, pos_emb, blocks, ln_f, lm_head, d_ff = 4 d_model)"
    )
    bad = [k for k in want if got[k] != want[k]]
    assert not bad, f"{what}'s parameter {bad[0]} has shape {got[bad[0]]}; expected {want[bad[0]]}"
    extra = sorted(k for k in got if k not in want and "." in k and k.rsplit(".", 1)[1] in ("weight", "bias"))
    assert not extra, f"{what} has extra parameters {', '.join(extra[:6])} (no biases in the projections, no weight tying)"


def kv_pairs(out, n_layers, B, H, total, dh, what="GPT.forward"):
    """The kv list of a GPT forward: n_layers pairs (k, v) of shape (B, H, total, dh)."""
    assert isinstance(out, tuple | list) and len(out) == 2, f"{what} must return (logits, kv)"
    kv = out[1]
    assert isinstance(kv, tuple | list) and len(kv) == n_layers, (
        f"{what}'s kv must be a list with one (k, v) pair per block ({n_layers}); got "
        f"{type(kv).__name__}{' of length ' + str(len(kv)) if isinstance(kv, tuple | list) else ''}"
    )
    for i, pair in enumerate(kv):
        assert isinstance(pair, tuple | list) and len(pair) == 2, f"kv[{i}] must be a pair (k, v)"
        for name, t in zip("kv", pair, strict=True):
            assert isinstance(t, torch.Tensor) and tuple(t.shape) == (B, H, total, dh), (
                f"kv[{i}]'s {name} has shape {tuple(t.shape) if isinstance(t, torch.Tensor) else type(t).__name__}; "
                f"expected (B, n_heads, start_pos + L, d_head) = {(B, H, total, dh)}"
            )
    return kv


def sane_model(model, V, L, seed=0, what="your GPT"):
    """Cheap checks before any training: right shape, finite, deterministic, input-dependent logits."""
    x = random_ids((4, L), V, seed)
    a = logits_of(model(x), 4, L, V, f"{what}'s forward")
    b = logits_of(model(x), 4, L, V, f"{what}'s forward")
    assert torch.equal(a, b), f"{what} gives different logits for the same input on two calls"
    assert float((a - a.mean()).abs().max()) > 1e-7, f"{what} returns the same logits for every input and position"
    return a
