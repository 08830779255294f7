# must-fail: test_replay_sample_exact
# why: draws the coin before the fresh noise (not the specified order): not reproducible from the seed.
def replay_sample(buffer, n, reinit_prob, generator=None):
    idx = torch.randint(0, buffer.shape[0], (n,), generator=generator)
    coin = torch.rand((n,), generator=generator, dtype=torch.float64)
    fresh = torch.rand((n,) + tuple(buffer.shape[1:]), generator=generator, dtype=buffer.dtype) * 2 - 1
    mask = (coin < reinit_prob).reshape(n, *([1] * (buffer.dim() - 1)))
    return torch.where(mask, fresh, buffer[idx])
