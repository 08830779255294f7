# must-fail: test_get_batch_shift_and_windows, test_get_batch_draws_starts_as_specified
# why: the targets come back flattened to (batch_size * block_size,), ready for cross_entropy, instead of (batch_size, block_size)
def get_batch(data, block_size, batch_size, generator=None):
    ix = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    offsets = torch.arange(block_size)
    return data[ix[:, None] + offsets], data[ix[:, None] + offsets + 1].reshape(-1)
