# must-fail: test_get_batch_uses_only_its_generator_and_keeps_data
# why: the windows are right, but data is used as scratch space and left modified (its first ids overwritten)
def get_batch(data, block_size, batch_size, generator=None):
    ix = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    offsets = torch.arange(block_size)
    x, y = data[ix[:, None] + offsets], data[ix[:, None] + offsets + 1]
    data[:batch_size] = ix
    return x, y
