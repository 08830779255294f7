"""Hidden tests: teacher-forcing batches."""

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import check_tensor, points


def _pair(out, B, L, what="get_batch"):
    assert isinstance(out, tuple | list) and len(out) == 2, f"{what} must return a pair (x, y)"
    x = check_tensor(out[0], (B, L), torch.long, f"{what}'s x")
    y = check_tensor(out[1], (B, L), torch.long, f"{what}'s y")
    return x, y


def _data(n, seed):
    """Ids 7, 8, ..., 7 + n - 1 (shifted so that a window of zeros is never valid)."""
    return torch.arange(7, 7 + n, dtype=torch.long)


@points(4)
@given(n=st.integers(2, 60), L=st.integers(1, 12), B=st.sampled_from([1, 3, 5, 12]), seed=st.integers(0, 2**16))
@settings(max_examples=25)
def test_get_batch_shift_and_windows(student, n, L, B, seed):
    """y[:, :-1] == x[:, 1:], and every row is a window of the data: x[b] = data[i:i+L], y[b] = data[i+1:i+L+1] with 0 <= i <= len(data) - L - 1 (also when batch_size == block_size)."""
    L = min(L, n - 1)
    data = _data(n, seed)
    g = student.remote(testmodels.generator, seed)
    x, y = _pair(student.get_batch(data, L, B, g), B, L)
    assert torch.equal(y[:, :-1], x[:, 1:]), "the targets are not the inputs shifted by one: y[:, :-1] != x[:, 1:]"
    starts = x[:, 0] - 7
    assert bool((starts >= 0).all()) and bool((starts <= n - L - 1).all()), (
        f"windows start at {starts.tolist()}; with len(data) = {n} and block_size = {L} they must start in 0..{n - L - 1} "
        "(so that the targets stay inside the data)"
    )
    offs = torch.arange(L)
    assert torch.equal(x, data[starts[:, None] + offs]), "the rows of x are not consecutive windows of the data"
    assert torch.equal(y, data[starts[:, None] + offs + 1]), "y is not data[i+1:i+L+1] for the window x = data[i:i+L]"


@points(3)
@given(n=st.integers(3, 200), L=st.integers(1, 16), B=st.sampled_from([1, 4, 16]), seed=st.integers(0, 2**16))
@settings(max_examples=20)
def test_get_batch_draws_starts_as_specified(student, reference, n, L, B, seed):
    """The start positions are torch.randint(len(data) - block_size, (batch_size,), generator=generator): the batches equal the reference's for the same seeded generator, so every window, the last one included, can be drawn."""
    L = min(L, n - 1)
    data = _data(n, seed)
    x, y = _pair(student.get_batch(data, L, B, student.remote(testmodels.generator, seed)), B, L)
    wx, wy = reference.get_batch(data, L, B, testmodels.generator(seed))
    assert torch.equal(x, wx) and torch.equal(y, wy), (
        f"for the same generator the windows start at {(x[:, 0] - 7).tolist()}; expected {(wx[:, 0] - 7).tolist()} "
        "(draw the starts with torch.randint(len(data) - block_size, (batch_size,), generator=generator))"
    )


@points(3)
def test_get_batch_uses_only_its_generator_and_keeps_data(student, reference):
    """get_batch draws from the generator it is given only (the global random state changes nothing), leaves data unchanged, and returns the reference's windows."""
    data = torch.randint(0, 50, (300,), generator=torch.Generator().manual_seed(3))
    results = []
    for glob in (1, 2):
        student.remote(testmodels.reseed_global, glob)
        g = student.remote(testmodels.generator, 11)
        out, after = student.remote(testmodels.call_keeping_inputs, student.get("get_batch"), data, 20, 8, g)
        assert isinstance(after, list) and torch.equal(after[0], data), "get_batch modified data in place"
        results.append(_pair(out, 8, 20))
    assert torch.equal(results[0][0], results[1][0]) and torch.equal(results[0][1], results[1][1]), (
        "with the same generator, get_batch returns different windows when the global random state changes"
    )
    wx, wy = reference.get_batch(data, 20, 8, testmodels.generator(11))
    assert torch.equal(results[0][0], wx) and torch.equal(results[0][1], wy), (
        "the windows differ from the reference's for the same seeded generator"
    )


@points(1)
def test_get_batch_default_generator_is_global(student, reference):
    """Without a generator (or with generator=None) get_batch draws from torch's global generator: after torch.manual_seed(s) it returns the windows a torch.Generator seeded with s gives, and another seed gives other windows."""
    data = _data(300, 0)
    seen = []
    for seed, args in ((5, ()), (5, (None,)), (6, ())):
        student.remote(testmodels.reseed_global, seed)
        what = f"get_batch(data, 20, 8{', None' if args else ''})"
        x, y = _pair(student.get_batch(data, 20, 8, *args), 8, 20, what)
        wx, wy = reference.get_batch(data, 20, 8, testmodels.generator(seed))
        assert torch.equal(x, wx) and torch.equal(y, wy), (
            f"after torch.manual_seed({seed}), {what} starts its windows at {(x[:, 0] - 7).tolist()}; expected "
            f"{(wx[:, 0] - 7).tolist()} (generator=None means torch's global generator)"
        )
        seen.append(x)
    assert not torch.equal(seen[0], seen[2]), "get_batch without a generator gives the same windows for two global seeds"
