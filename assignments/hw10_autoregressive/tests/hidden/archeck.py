"""Trusted-side references and strategies shared by the HW10 hidden tests (never released).

Everything a test compares against is computed here, independently of the reference solution:
BPE by a different algorithm (encoding applies the merges one after the other, which equals
"lowest rank first" for merges learned by BPE), bigram counts in numpy, log-softmax in float64,
the filtered next-token distribution in numpy, chi-square p-values by scipy, MADE's structure read
back from the masks. Shapes and dtypes of what comes back are checked before any value.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
from hypothesis import strategies as st
from scipy.stats import chi2

F32 = torch.float32
F64 = torch.float64


# -- checking what came back -------------------------------------------------------------------
def expect_tensor(value: Any, shape: Any, dtype: torch.dtype, what: str) -> torch.Tensor:
    assert isinstance(value, torch.Tensor), f"{what} should be a torch.Tensor; got {type(value).__name__}"
    assert tuple(value.shape) == tuple(shape), f"{what} has shape {tuple(value.shape)}; expected {tuple(shape)}"
    assert value.dtype == dtype, f"{what} has dtype {value.dtype}; expected {dtype}"
    return value.detach()


def expect_merges(value: Any, what: str = "bpe_train") -> list[tuple[int, int]]:
    assert isinstance(value, list), f"{what} should return a list of (int, int) pairs; got {type(value).__name__}"
    out = []
    for p in value:
        assert isinstance(p, tuple | list) and len(p) == 2, f"{what}: every merge should be a pair (a, b); got {p!r}"
        assert all(isinstance(v, int) and not isinstance(v, bool) for v in p), f"{what}: merge {p!r} is not a pair of ints"
        out.append((int(p[0]), int(p[1])))
    return out


def expect_ids(value: Any, what: str = "bpe_encode") -> list[int]:
    assert isinstance(value, list), f"{what} should return a list of ints; got {type(value).__name__}"
    assert all(isinstance(v, int) and not isinstance(v, bool) for v in value), f"{what} should return Python ints"
    return list(value)


def max_err(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a.to(F64) - b.to(F64)).abs().max()) if a.numel() else 0.0


# -- BPE ------------------------------------------------------------------------------------------
def merge_pair(ids: list[int], pair: tuple[int, int], new: int) -> list[int]:
    out: list[int] = []
    i = 0
    n = len(ids)
    while i < n:
        if i < n - 1 and (ids[i], ids[i + 1]) == pair:
            out.append(new)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def bpe_train(text: str, vocab_size: int) -> list[tuple[int, int]]:
    """Most frequent pair, ties to the left-most first occurrence (tracked explicitly)."""
    ids = list(text.encode("utf-8"))
    merges: list[tuple[int, int]] = []
    for i in range(vocab_size - 256):
        if len(ids) < 2:
            break
        count: dict[tuple[int, int], int] = {}
        first: dict[tuple[int, int], int] = {}
        for pos in range(len(ids) - 1):
            p = (ids[pos], ids[pos + 1])
            count[p] = count.get(p, 0) + 1
            first.setdefault(p, pos)
        best = min(count, key=lambda p: (-count[p], first[p]))
        merges.append(best)
        ids = merge_pair(ids, best, 256 + i)
    return merges


def bpe_encode(text: str, merges: list[tuple[int, int]]) -> list[int]:
    """Merges applied one after the other in rank order (= lowest rank first, for learned merges)."""
    ids = list(text.encode("utf-8"))
    for r, p in enumerate(merges):
        ids = merge_pair(ids, tuple(p), 256 + r)
    return ids


def token_bytes(merges: list[tuple[int, int]]) -> list[bytes]:
    vocab = [bytes([i]) for i in range(256)]
    for a, b in merges:
        vocab.append(vocab[a] + vocab[b])
    return vocab


def bpe_decode(ids: list[int], merges: list[tuple[int, int]]) -> str:
    vocab = token_bytes(merges)
    return b"".join(vocab[i] for i in ids).decode("utf-8", errors="replace")


# Training texts: repetitive (many merges with real counts), multi-byte characters, ties.
CORPORA = [
    "aaabdaaabac",
    "the cat sat on the mat, the cat ate the rat; that is that.",
    "héllo wörld, héllo wörld, ça va? über naïve café café 東京 東京 🙂🙂",
    "abababab cdcdcd efef ab cd ef " * 3,
    "mississippi missouri mississauga",
]


@st.composite
def small_texts(draw: Any, alphabet: str = "ab cdé東🙂", max_size: int = 40) -> str:
    """Short texts over a small alphabet (many repeated pairs, so merges with counts and ties)."""
    return draw(st.text(alphabet=alphabet, max_size=max_size))


# -- bigrams and losses ---------------------------------------------------------------------------
def bigram_counts(ids: torch.Tensor, V: int) -> np.ndarray:
    a = ids.numpy()
    a = a.reshape(1, -1) if a.ndim == 1 else a.reshape(-1, a.shape[-1])
    c = np.zeros((V, V))
    for row in a:
        for u, v in zip(row[:-1], row[1:], strict=True):
            c[u, v] += 1
    return c


def nll_reference(logits: torch.Tensor, targets: torch.Tensor, ignore_index: int) -> float:
    lp = torch.log_softmax(logits.to(F64).reshape(-1, logits.shape[-1]), dim=-1).numpy()
    t = targets.reshape(-1).numpy()
    keep = t != ignore_index
    return float(-lp[np.nonzero(keep)[0], t[keep]].mean())


# -- decoding -------------------------------------------------------------------------------------
def filtered_probs(logits: np.ndarray, temperature: float, top_k: int | None, top_p: float | None) -> np.ndarray:
    """The distribution sample_next draws from, row by row, in float64."""
    logits = np.atleast_2d(np.asarray(logits, dtype=np.float64))
    out = np.zeros_like(logits)
    for b, row in enumerate(logits):
        if temperature == 0:
            out[b, int(np.argmax(row))] = 1.0
            continue
        z = row / temperature
        order = np.argsort(-z, kind="stable")
        keep = np.zeros(len(z), dtype=bool)
        k = len(z) if top_k is None else min(top_k, len(z))
        keep[order[:k]] = True
        p = np.where(keep, np.exp(z - z.max()), 0.0)
        p /= p.sum()
        if top_p is not None:
            mass = 0.0
            nucleus = np.zeros(len(z), dtype=bool)
            for j in order:
                if not keep[j]:
                    break
                if mass >= top_p:
                    break
                nucleus[j] = True
                mass += p[j]
            p = np.where(nucleus, p, 0.0)
            p /= p.sum()
        out[b] = p
    return out


def nucleus_margin(logits: np.ndarray, temperature: float, top_k: int | None, top_p: float) -> float:
    """How far top_p is from every cumulative mass of the (top-k) distribution: a tiny margin makes the
    nucleus depend on round-off, so tests skip such cases."""
    p = filtered_probs(logits, temperature, top_k, None)
    margins = []
    for row in p:
        cum = np.cumsum(np.sort(row)[::-1])
        margins.append(float(np.min(np.abs(cum - top_p))))
    return min(margins)


def chi2_pvalue(draws: torch.Tensor, probs: np.ndarray) -> float:
    """Pearson's chi-square goodness of fit of integer draws to probs (cells with p = 0 must be empty)."""
    n = draws.numel()
    counts = np.bincount(draws.numpy(), minlength=len(probs)).astype(float)
    support = probs > 0
    assert counts[~support].sum() == 0, "draws fall on tokens of probability 0"
    expected = n * probs[support]
    stat = float(((counts[support] - expected) ** 2 / expected).sum())
    dof = int(support.sum()) - 1
    return float(chi2.sf(stat, dof)) if dof > 0 else 1.0


def entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


# -- MADE -----------------------------------------------------------------------------------------
def made_structure(masks: list[torch.Tensor], D: int) -> str | None:
    """What makes these masks not MADE masks (natural ordering), or None.

    Checks what every valid draw of the degrees satisfies (the degrees themselves cannot always be
    read back from the masks): a first-layer unit sees a non-empty proper prefix 1..m of the inputs
    (1 <= m <= D - 1); every hidden unit sees at least one unit, and the sets seen by the units of a
    layer are nested (a unit of higher degree sees everything a unit of lower degree sees); output 1
    sees nothing, output D sees every last hidden unit, and output i + 1 sees all that output i sees.
    """
    for li, m in enumerate(masks[:-1]):
        m = m.numpy()
        for k, row in enumerate(m):
            if not row.any():
                return f"hidden layer {li + 1}, unit {k} is connected to nothing"
            if li == 0:
                d = int(row.sum())
                if not row[:d].all() or d > D - 1:
                    return f"hidden layer 1, unit {k} does not see a prefix 1..m of the inputs with m <= D - 1"
        sets = sorted((row for row in m), key=lambda r: int(r.sum()))
        for a, b in zip(sets, sets[1:]):
            if (a & ~b).any():
                return f"hidden layer {li + 1}: the units' connections are not nested (not given by degrees)"
    out = masks[-1].numpy()
    if len(masks) == 1:
        tri = np.tril(np.ones((D, D), dtype=bool), k=-1)
        return None if np.array_equal(out, tri) else "with no hidden layer the mask must be strictly lower triangular"
    if out[0].any():
        return "output 1 sees some hidden unit (it must see nothing)"
    if not out[-1].all():
        return f"output D = {D} does not see every last hidden unit (their degrees are all < D)"
    for i in range(D - 1):
        if (out[i] & ~out[i + 1]).any():
            return f"output {i + 2} does not see every unit that output {i + 1} sees"
    return None


def made_jacobian(masks: list[torch.Tensor], x: torch.Tensor, seed: int) -> torch.Tensor:
    """The Jacobian of a tanh MLP with random weights multiplied by the masks (float64)."""
    gen = torch.Generator().manual_seed(seed)
    Ws = [torch.randn(m.shape, generator=gen, dtype=F64) * m.to(F64) for m in masks]
    bs = [torch.randn(m.shape[0], generator=gen, dtype=F64) for m in masks]

    def f(v: torch.Tensor) -> torch.Tensor:
        for W, b in zip(Ws[:-1], bs[:-1], strict=True):
            v = torch.tanh(v @ W.T + b)
        return v @ Ws[-1].T + bs[-1]

    return torch.autograd.functional.jacobian(f, x)


def logits_batch(rows: list[list[float]], repeat: int, dtype: torch.dtype = F64) -> torch.Tensor:
    return torch.tensor(rows, dtype=F64).repeat_interleave(repeat, dim=0).to(dtype)


def log_v(v: int) -> float:
    return math.log(v)
