"""Hidden tests run on every graded tensor function: inputs untouched, and the right values."""

import torch
from archeck import F64, expect_tensor, max_err

from autograder import testmodels
from autograder.testing import points


def _calls(V=4, B=4, L=5, seed=0):
    gen = torch.Generator().manual_seed(seed)
    ids = torch.randint(0, V, (B, L), generator=gen)
    logits = torch.randn(B, L, V, generator=gen, dtype=F64)
    targets = ids.clone()
    targets[0, -1] = -100
    return [
        ("bigram_logprobs", (ids, V, 0.5)),
        ("shift_for_teacher_forcing", (ids,)),
        ("sequence_nll", (logits, targets)),
        ("sample_next", (logits[:, 0], 0.0)),
        ("sample_next", (logits[:, 0], 1.0, 2)),
    ]


@points(3)
def test_inputs_untouched(student, reference):
    """bigram_logprobs, shift_for_teacher_forcing, sequence_nll and sample_next leave their tensor arguments
    unchanged (also when B == V) and return the right values on them."""
    for B in (4, 3):
        for name, args in _calls(B=B):
            before = [a.clone() if isinstance(a, torch.Tensor) else a for a in args]
            out, after = student.remote(testmodels.call_keeping_inputs, student.get(name), *args)
            for i, (b, a) in enumerate(zip(before, after, strict=True)):
                if isinstance(b, torch.Tensor):
                    assert a is not None and torch.equal(a, b), f"{name} modified its argument #{i + 1} in place"
            want = getattr(reference, name)(*args)
            if name == "sample_next" and args[1] != 0.0:
                got = expect_tensor(out, (B,), torch.int64, name)
                top2 = torch.topk(args[0], 2, dim=-1).indices
                assert bool((got[:, None] == top2).any(-1).all()), "sample_next with top_k = 2 sampled outside the top 2"
                continue
            got = list(out) if isinstance(out, tuple | list) else [out]
            want = list(want) if isinstance(want, tuple | list) else [want]
            assert len(got) == len(want), f"{name} returned {len(got)} values, expected {len(want)}"
            for g, w in zip(got, want, strict=True):
                g = expect_tensor(g, w.shape, w.dtype, name)
                assert max_err(g, w) <= 1e-10, f"{name}: off by {max_err(g, w):.3g}"
