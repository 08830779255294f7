# must-fail: test_get_batch_default_generator_is_global
# why: generator=None is replaced by a fresh generator seeded with 0: the same windows whatever the global seed
def get_batch(data, block_size, batch_size, generator=None):
    if generator is None:
        generator = torch.Generator().manual_seed(0)
    ix = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    offsets = torch.arange(block_size)
    return data[ix[:, None] + offsets], data[ix[:, None] + offsets + 1]
