"""Hidden tests of HW13: starting points from the replay buffer."""

import torch
from lmcheck import F32, F64, check_tensor, replay

from autograder import testmodels
from autograder.testing import points, visibility


def _buffer(shape, dtype, seed):
    g = torch.Generator().manual_seed(seed)
    return (5 + torch.randn(shape, generator=g, dtype=F64)).to(dtype)  # far from [-1, 1): rows are recognisable


@points(3)
@visibility("hidden")
def test_replay_sample_exact(student):
    """replay_sample draws idx = randint(0, M, (n,)), then fresh = 2 rand(n, ...) - 1, then coin = rand(n) (float64), from the generator, and returns fresh where coin < reinit_prob, buffer[idx] elsewhere; any buffer shape, float32 and float64; the buffer is not modified."""
    fn = student.get("replay_sample")
    for k, (shape, n, p, dtype) in enumerate((
        ((20, 2), 8, 0.3, F64), ((7, 3), 7, 0.05, F32), ((10, 1, 2, 2), 5, 0.5, F64), ((4, 4), 12, 0.9, F32),
    )):
        buf = _buffer(shape, dtype, k)
        got, after = student.remote(testmodels.call_keeping_inputs, fn, buf, n, p, student.remote(testmodels.generator, 20 + k))
        got = check_tensor(got, (n, *shape[1:]), dtype, f"replay_sample from a buffer of shape {shape}")
        assert torch.equal(after[0], buf), "replay_sample modified the buffer"
        want = replay(buf, n, p, 20 + k)
        assert torch.equal(got, want), (
            f"replay_sample(buffer of shape {shape}, n = {n}, reinit_prob = {p}) differs from the specified draw"
        )


@points(2)
@visibility("hidden")
def test_replay_sample_extremes(student):
    """With reinit_prob = 0 every starting point is a row of the buffer (rows drawn uniformly at random); with reinit_prob = 1 every one is fresh noise in [-1, 1)."""
    buf = _buffer((6, 3), F64, 9)
    x = check_tensor(student.replay_sample(buf, 300, 0.0, student.remote(testmodels.generator, 1)), (300, 3), F64, "replay_sample")
    match = (x[:, None, :] == buf[None]).all(-1)
    assert bool(match.any(1).all()), "with reinit_prob = 0 some starting point is not a row of the buffer"
    counts = match.sum(0)
    assert int(counts.min()) >= 25, f"the buffer rows are not drawn uniformly: counts {counts.tolist()} for 300 draws"
    assert torch.equal(x, replay(buf, 300, 0.0, 1)), "with reinit_prob = 0 the rows are not buffer[idx] of the specified draw"
    y = check_tensor(student.replay_sample(buf, 300, 1.0, student.remote(testmodels.generator, 2)), (300, 3), F64, "replay_sample")
    assert bool((y >= -1).all() and (y < 1).all()), "with reinit_prob = 1 some starting point is outside [-1, 1)"
    assert torch.equal(y, replay(buf, 300, 1.0, 2)), "with reinit_prob = 1 the rows are not the specified fresh noise"
