# must-fail: test_replay_sample_exact
# why: draws the fresh noise in torch's default dtype (float32) and casts it: other numbers for a float64 buffer.
def replay_sample(buffer, n, reinit_prob, generator=None):
    idx = torch.randint(0, buffer.shape[0], (n,), generator=generator)
    fresh = (torch.rand((n,) + tuple(buffer.shape[1:]), generator=generator) * 2 - 1).to(buffer.dtype)
    coin = torch.rand((n,), generator=generator, dtype=torch.float64)
    mask = (coin < reinit_prob).reshape(n, *([1] * (buffer.dim() - 1)))
    return torch.where(mask, fresh, buffer[idx])
