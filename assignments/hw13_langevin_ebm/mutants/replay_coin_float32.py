# must-fail: test_replay_sample_exact
# why: draws the coin in float32 (torch's default), not float64: other numbers from the same generator.
def replay_sample(buffer, n, reinit_prob, generator=None):
    idx = torch.randint(0, buffer.shape[0], (n,), generator=generator)
    fresh = torch.rand((n,) + tuple(buffer.shape[1:]), generator=generator, dtype=buffer.dtype) * 2 - 1
    coin = torch.rand((n,), generator=generator)
    mask = (coin < reinit_prob).reshape(n, *([1] * (buffer.dim() - 1)))
    return torch.where(mask, fresh, buffer[idx])
