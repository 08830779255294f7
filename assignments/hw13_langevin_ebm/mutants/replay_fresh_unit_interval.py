# must-fail: test_replay_sample_exact, test_replay_sample_extremes
# why: the fresh noise is uniform on [0, 1), not on [-1, 1).
def replay_sample(buffer, n, reinit_prob, generator=None):
    idx = torch.randint(0, buffer.shape[0], (n,), generator=generator)
    fresh = torch.rand((n,) + tuple(buffer.shape[1:]), generator=generator, dtype=buffer.dtype)
    coin = torch.rand((n,), generator=generator, dtype=torch.float64)
    mask = (coin < reinit_prob).reshape(n, *([1] * (buffer.dim() - 1)))
    return torch.where(mask, fresh, buffer[idx])
