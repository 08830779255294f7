# must-fail: test_get_batch_shift_and_windows, test_get_batch_draws_starts_as_specified, test_public_get_batch_shift
# why: the targets are shifted by two (y = data[i+2:i+L+2]); the last window also runs past the data
def get_batch(data, block_size, batch_size, generator=None):
    ix = torch.randint(len(data) - block_size - 1, (batch_size,), generator=generator)
    x = torch.stack([data[i : i + block_size] for i in ix])
    y = torch.stack([data[i + 2 : i + block_size + 2] for i in ix])
    return x, y
