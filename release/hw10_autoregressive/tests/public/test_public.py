"""Public checks of HW10 (students get this file; run it with `autograder check`).

They look at the worked example, shapes and a few values you can verify by hand; the hidden tests check
the same properties on many texts, shapes, dtypes and decoding settings, and the chain rule, the
sampling distributions and the MADE property.
"""

import math

import torch

from autograder.testing import points, visibility


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t


@points(4)
@visibility("visible")
def test_public_bpe_worked_example(student):
    """bpe_train("aaabdaaabac", 259) learns the merges (97, 97), (256, 97), (257, 98); bpe_encode gives
    [258, 100, 258, 97, 99] and bpe_decode brings the text back."""
    merges = student.bpe_train("aaabdaaabac", 259)
    assert isinstance(merges, list), f"bpe_train should return a list; got {type(merges).__name__}"
    got = [tuple(int(v) for v in p) for p in merges]
    assert got == [(97, 97), (256, 97), (257, 98)], f"merges: expected [(97, 97), (256, 97), (257, 98)]; got {got}"
    ids = student.bpe_encode("aaabdaaabac", merges)
    assert isinstance(ids, list), f"bpe_encode should return a list; got {type(ids).__name__}"
    assert ids == [258, 100, 258, 97, 99], f"bpe_encode: expected [258, 100, 258, 97, 99]; got {ids}"
    text = student.bpe_decode(ids, merges)
    assert text == "aaabdaaabac", f"bpe_decode(bpe_encode(text)) should be the text; got {text!r}"


@points(3)
@visibility("visible")
def test_public_shift_and_uniform_nll(student):
    """shift_for_teacher_forcing splits (B, L) ids into ids[:, :-1] and ids[:, 1:]; sequence_nll of uniform
    logits over V tokens is log V."""
    ids = torch.arange(12).reshape(3, 4)
    out = student.shift_for_teacher_forcing(ids)
    assert isinstance(out, tuple | list) and len(out) == 2, "shift_for_teacher_forcing should return (inputs, targets)"
    inputs = _tensor(out[0], (3, 3), torch.int64, "inputs")
    targets = _tensor(out[1], (3, 3), torch.int64, "targets")
    assert torch.equal(inputs, ids[:, :-1]), f"inputs should be ids[:, :-1]; got {inputs.tolist()}"
    assert torch.equal(targets, ids[:, 1:]), f"targets should be ids[:, 1:]; got {targets.tolist()}"
    logits = torch.zeros(3, 3, 7, dtype=torch.float64)
    nll = _tensor(student.sequence_nll(logits, targets % 7), (), torch.float64, "sequence_nll")
    assert abs(nll.item() - math.log(7)) < 1e-12, f"uniform logits over 7 tokens: expected log 7; got {nll.item()}"


@points(3)
@visibility("visible")
def test_public_greedy_decoding(student):
    """sample_next with temperature 0, or with top_k = 1, returns the argmax of each row as a LongTensor (B,)."""
    logits = torch.tensor([[0.1, 2.0, -1.0, 0.5], [3.0, 0.0, 0.2, 0.1], [0.0, 0.1, 0.2, 0.3]])
    want = torch.tensor([1, 0, 3])
    got = _tensor(student.sample_next(logits, temperature=0.0), (3,), torch.int64, "sample_next(temperature=0)")
    assert torch.equal(got, want), f"temperature 0: expected the argmax {want.tolist()}; got {got.tolist()}"
    got = _tensor(student.sample_next(logits, top_k=1), (3,), torch.int64, "sample_next(top_k=1)")
    assert torch.equal(got, want), f"top_k = 1: expected the argmax {want.tolist()}; got {got.tolist()}"
