# must-fail: test_replay_sample_exact
# why: the row mask is shaped for a 2-D buffer only (mask[:, None]): wrong for buffers of shape (M, C, H, W).
def replay_sample(buffer, n, reinit_prob, generator=None):
    idx = torch.randint(0, buffer.shape[0], (n,), generator=generator)
    fresh = torch.rand((n,) + tuple(buffer.shape[1:]), generator=generator, dtype=buffer.dtype) * 2 - 1
    coin = torch.rand((n,), generator=generator, dtype=torch.float64)
    return torch.where((coin < reinit_prob)[:, None], fresh, buffer[idx])
