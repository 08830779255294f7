# must-fail: test_replay_sample_exact
# why: ignores the generator and draws from the global random state.
def replay_sample(buffer, n, reinit_prob, generator=None):
    idx = torch.randint(0, buffer.shape[0], (n,))
    fresh = torch.rand((n,) + tuple(buffer.shape[1:]), dtype=buffer.dtype) * 2 - 1
    coin = torch.rand((n,), dtype=torch.float64)
    mask = (coin < reinit_prob).reshape(n, *([1] * (buffer.dim() - 1)))
    return torch.where(mask, fresh, buffer[idx])
