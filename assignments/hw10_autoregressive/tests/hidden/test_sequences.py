"""Hidden tests of HW10: bigram tables, teacher forcing, the sequence NLL and the chain rule."""

import itertools
import math

import archeck as ac
import numpy as np
import torch
from archeck import F32, F64, expect_tensor, max_err
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.testing import points


@st.composite
def id_batches(draw):
    V = draw(st.integers(1, 6))
    shape = draw(st.sampled_from(["1d", "2d", "2d_square"]))
    if shape == "1d":
        dims = (draw(st.integers(2, 30)),)
    elif shape == "2d":
        dims = (draw(st.integers(1, 5)), draw(st.integers(2, 12)))
    else:
        dims = (V, V if V >= 2 else 2)
    seed = draw(st.integers(0, 2**16))
    gen = torch.Generator().manual_seed(seed)
    return V, torch.randint(0, V, dims, generator=gen)


@points(4)
@given(case=id_batches(), alpha=st.sampled_from([1.0, 0.5, 2.0, 1e-3]))
@settings(max_examples=30)
def test_bigram_logprobs_add_alpha(student, case, alpha):
    """bigram_logprobs is the (V, V) float64 table log((c_ij + alpha) / (sum_j c_ij + V alpha)) of transition
    counts c_ij (j follows i), counted inside each row of a (B, L) batch only; every row is log-normalised."""
    V, ids = case
    got = expect_tensor(student.bigram_logprobs(ids, V, alpha), (V, V), F64, f"bigram_logprobs(ids {tuple(ids.shape)}, {V})")
    c = ac.bigram_counts(ids, V)
    want = torch.tensor(np.log((c + alpha) / (c + alpha).sum(1, keepdims=True)))
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-10), (
        f"ids of shape {tuple(ids.shape)}, alpha = {alpha}: off by {max_err(got, want):.3g} from the smoothed log counts"
    )
    rows = torch.logsumexp(got, dim=1)
    assert torch.allclose(rows, torch.zeros(V, dtype=F64), atol=1e-10), "rows are not log-normalised"


@points(2)
def test_bigram_logprobs_default_and_mle(student):
    """The default alpha is 1 (Laplace); alpha = 0 gives the maximum-likelihood estimate counts / row sums
    (log 0 = -inf where a transition never occurs)."""
    ids = torch.tensor([[0, 1, 2, 0, 0, 1, 3, 2], [3, 3, 0, 2, 1, 1, 0, 3]])
    V = 4
    c = ac.bigram_counts(ids, V)
    got = expect_tensor(student.bigram_logprobs(ids, V), (V, V), F64, "bigram_logprobs(ids, 4)")
    want = torch.tensor(np.log((c + 1) / (c + 1).sum(1, keepdims=True)))
    assert torch.allclose(got, want, atol=1e-12), f"default alpha: off by {max_err(got, want):.3g} from add-one smoothing"
    got = expect_tensor(student.bigram_logprobs(ids, V, 0.0), (V, V), F64, "bigram_logprobs(ids, 4, alpha=0)")
    want = torch.tensor(c / c.sum(1, keepdims=True))
    assert torch.allclose(got.exp(), want, atol=1e-12), f"alpha = 0: exp(table) is off by {max_err(got.exp(), want):.3g} from counts / row sums"
    assert bool(torch.isneginf(got[want == 0]).all()), "alpha = 0: a transition that never occurs should have log-probability -inf"


@points(2)
@given(dims=st.sampled_from([(2,), (7,), (1, 2), (3, 5), (4, 4), (2, 3, 6)]), seed=st.integers(0, 1000))
@settings(max_examples=12)
def test_shift_for_teacher_forcing(student, dims, seed):
    """shift_for_teacher_forcing(ids) returns (ids[..., :-1], ids[..., 1:]) for ids of shape (..., L), as
    LongTensors, without changing ids."""
    ids = torch.randint(0, 50, dims, generator=torch.Generator().manual_seed(seed))
    before = ids.clone()
    out = student.shift_for_teacher_forcing(ids)
    assert isinstance(out, tuple | list) and len(out) == 2, "shift_for_teacher_forcing should return (inputs, targets)"
    shape = dims[:-1] + (dims[-1] - 1,)
    x = expect_tensor(out[0], shape, torch.int64, f"inputs for ids of shape {dims}")
    y = expect_tensor(out[1], shape, torch.int64, f"targets for ids of shape {dims}")
    assert torch.equal(x, ids[..., :-1]), f"ids of shape {dims}: inputs are not ids[..., :-1]"
    assert torch.equal(y, ids[..., 1:]), f"ids of shape {dims}: targets are not ids[..., 1:] (the next token)"
    assert torch.equal(ids, before)


@st.composite
def nll_case(draw):
    layout = draw(st.sampled_from(["BLV", "L_eq_V", "B_eq_V", "NV"]))
    V = draw(st.integers(2, 7))
    if layout == "BLV":
        shape = (draw(st.integers(1, 4)), draw(st.integers(1, 6)))
    elif layout == "L_eq_V":
        shape = (draw(st.integers(1, 4)), V)
    elif layout == "B_eq_V":
        shape = (V, draw(st.integers(1, 5)))
    else:
        shape = (draw(st.integers(1, 12)),)
    seed = draw(st.integers(0, 2**16))
    dtype = draw(st.sampled_from([F32, F64]))
    gen = torch.Generator().manual_seed(seed)
    logits = (3 * torch.randn(shape + (V,), generator=gen, dtype=F64)).to(dtype)
    targets = torch.randint(0, V, shape, generator=gen)
    n_ignored = draw(st.integers(0, max(0, targets.numel() - 1)))
    ignore_index = draw(st.sampled_from([-100, -1, V + 3]))
    flat = targets.reshape(-1)
    flat[torch.randperm(flat.numel(), generator=gen)[:n_ignored]] = ignore_index
    return logits, flat.reshape(shape), ignore_index


@points(4)
@given(case=nll_case())
@settings(max_examples=40)
def test_sequence_nll_is_mean_cross_entropy(student, case):
    """sequence_nll(logits (..., V), targets (...)) is the mean of -log softmax(logits)[target] in nats over the
    targets that are not ignore_index: a 0-dim tensor in the dtype of logits (also when L == V or B == V)."""
    logits, targets, ignore_index = case
    kw = {} if ignore_index == -100 else {"ignore_index": ignore_index}
    got = expect_tensor(student.sequence_nll(logits, targets, **kw), (), logits.dtype, f"sequence_nll on logits {tuple(logits.shape)}")
    want = ac.nll_reference(logits, targets, ignore_index)
    tol = 1e-10 if logits.dtype == F64 else 1e-5 * (1 + abs(want))
    assert abs(got.item() - want) <= tol, (
        f"logits {tuple(logits.shape)}, ignore_index {ignore_index}: expected {want:.8g}; got {got.item():.8g}"
    )


@points(3)
@given(V=st.integers(2, 9), seed=st.integers(0, 1000))
@settings(max_examples=10)
def test_sequence_nll_ignored_targets_change_nothing(student, V, seed):
    """Logits at ignored positions do not matter; the loss with padding equals the loss on the kept positions
    alone (mean over kept tokens, not over all positions); uniform logits give log V."""
    gen = torch.Generator().manual_seed(seed)
    logits = torch.randn(3, 5, V, generator=gen, dtype=F64)
    targets = torch.randint(0, V, (3, 5), generator=gen)
    targets[0, 3:] = -100
    targets[2, 1:] = -100
    kept = targets != -100
    a = expect_tensor(student.sequence_nll(logits, targets), (), F64, "sequence_nll with padding")
    changed = logits.clone()
    changed[~kept] = 50 * torch.randn(int((~kept).sum()), V, generator=gen, dtype=F64)
    b = expect_tensor(student.sequence_nll(changed, targets), (), F64, "sequence_nll with padding")
    c = expect_tensor(student.sequence_nll(logits[kept], targets[kept]), (), F64, "sequence_nll on the kept tokens")
    want = ac.nll_reference(logits[kept], targets[kept], -100)
    assert abs(c.item() - want) <= 1e-10, f"on the kept tokens alone: expected {want:.8g}; got {c.item():.8g}"
    assert abs(a.item() - want) <= 1e-10, f"with padding: expected the mean over the {int(kept.sum())} kept tokens, {want:.8g}; got {a.item():.8g}"
    assert abs(b.item() - a.item()) <= 1e-10, "changing the logits at ignored positions changed the loss"
    u = expect_tensor(student.sequence_nll(torch.zeros(2, 4, V, dtype=F64), targets[:2, :4]), (), F64, "sequence_nll")
    assert abs(u.item() - math.log(V)) <= 1e-12, f"uniform logits over {V} tokens: expected log V = {math.log(V):.8g}; got {u.item():.8g}"


@points(2)
def test_sequence_nll_gradient(student, support):
    """sequence_nll is differentiable in the logits: its gradient is (softmax - one_hot(target)) / N at the N
    kept positions and 0 at ignored ones."""
    gen = torch.Generator().manual_seed(5)
    V = 4
    logits = torch.randn(2, 4, V, generator=gen, dtype=F64)
    targets = torch.randint(0, V, (2, 4), generator=gen)
    targets[1, 2:] = -100
    loss, grad = student.remote(support.loss_and_grad, student.get("sequence_nll"), logits, targets)
    kept = targets != -100
    n = int(kept.sum())
    want = torch.softmax(logits, -1) - torch.nn.functional.one_hot(targets.clamp(min=0), V).to(F64)
    want = want * kept[..., None] / n
    assert isinstance(loss, torch.Tensor) and abs(loss.item() - ac.nll_reference(logits, targets, -100)) <= 1e-10, "the loss value is wrong"
    assert grad is not None, "no gradient flows from sequence_nll back to the logits"
    grad = expect_tensor(grad, (2, 4, V), F64, "the gradient of sequence_nll")
    assert torch.allclose(grad, want, atol=1e-12), f"the gradient is off by {max_err(grad, want):.3g} from (softmax - one_hot) / N"


@points(5)
@given(seed=st.integers(0, 2**16), first=st.integers(0, 2))
@settings(max_examples=6)
def test_chain_rule_bigram_model(student, seed, first):
    """With a bigram-table model (V = 3, L = 4), exp(-(L-1) * sequence_nll) computed through
    shift_for_teacher_forcing is p(x_2..x_4 | x_1) = P[x1,x2] P[x2,x3] P[x3,x4], and it sums to 1 over all 27
    continuations (no off-by-one, no target leaking into the input)."""
    V, L = 3, 4
    logP = torch.log_softmax(2 * torch.randn(V, V, generator=torch.Generator().manual_seed(seed), dtype=F64), dim=1)
    total = 0.0
    seqs = [(first, *rest) for rest in itertools.product(range(V), repeat=L - 1)]
    for s in seqs:
        ids = torch.tensor([s])
        out = student.shift_for_teacher_forcing(ids)
        assert isinstance(out, tuple | list) and len(out) == 2, "shift_for_teacher_forcing should return (inputs, targets)"
        inputs = expect_tensor(out[0], (1, L - 1), torch.int64, "inputs")
        targets = expect_tensor(out[1], (1, L - 1), torch.int64, "targets")
        nll = expect_tensor(student.sequence_nll(logP[inputs], targets), (), F64, "sequence_nll")
        p = math.exp(-(L - 1) * nll.item())
        by_hand = math.exp(sum(logP[a, b].item() for a, b in zip(s[:-1], s[1:], strict=True)))
        assert abs(p - by_hand) <= 1e-12 + 1e-9 * by_hand, f"sequence {list(s)}: exp(-(L-1) nll) = {p:.8g}, but p(x_2:L | x_1) = {by_hand:.8g}"
        total += p
    assert abs(total - 1) <= 1e-9, f"the probabilities of all {len(seqs)} continuations of x_1 = {first} sum to {total:.8g}, not 1"
