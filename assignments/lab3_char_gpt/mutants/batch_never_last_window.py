# must-fail: test_get_batch_draws_starts_as_specified, test_train_lm_replays_the_adamw_recipe
# why: starts drawn in 0..len-L-2 (randint bound off by one): the last window is never used
def get_batch(data, block_size, batch_size, generator=None):
    ix = torch.randint(len(data) - block_size - 1, (batch_size,), generator=generator)
    x = torch.stack([data[i : i + block_size] for i in ix])
    y = torch.stack([data[i + 1 : i + block_size + 1] for i in ix])
    return x, y
