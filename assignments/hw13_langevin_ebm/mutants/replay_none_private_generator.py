# must-fail: test_generator_none_is_global
# why: with generator=None draws from a fresh private generator instead of torch's global one.
def replay_sample(buffer, n, reinit_prob, generator=None):
    if generator is None:
        generator = torch.Generator()
    idx = torch.randint(0, buffer.shape[0], (n,), generator=generator)
    fresh = torch.rand((n,) + tuple(buffer.shape[1:]), generator=generator, dtype=buffer.dtype) * 2 - 1
    coin = torch.rand((n,), generator=generator, dtype=torch.float64)
    mask = (coin < reinit_prob).reshape(n, *([1] * (buffer.dim() - 1)))
    return torch.where(mask, fresh, buffer[idx])
