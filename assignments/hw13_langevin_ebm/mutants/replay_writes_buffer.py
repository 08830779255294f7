# must-fail: test_replay_sample_exact
# why: writes the fresh rows into the buffer itself (buffer[idx] = fresh where reinitialised), modifying it.
def replay_sample(buffer, n, reinit_prob, generator=None):
    idx = torch.randint(0, buffer.shape[0], (n,), generator=generator)
    fresh = torch.rand((n,) + tuple(buffer.shape[1:]), generator=generator, dtype=buffer.dtype) * 2 - 1
    coin = torch.rand((n,), generator=generator, dtype=torch.float64)
    reinit = coin < reinit_prob
    buffer[idx[reinit]] = fresh[reinit]
    return buffer[idx].clone()
