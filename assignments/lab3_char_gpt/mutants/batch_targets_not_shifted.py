# must-fail: test_get_batch_shift_and_windows, test_get_batch_draws_starts_as_specified, test_public_get_batch_shift, test_train_lm_replays_the_adamw_recipe
# why: teacher forcing without the shift: the targets are the inputs themselves (y = x)
def get_batch(data, block_size, batch_size, generator=None):
    ix = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    x = torch.stack([data[i : i + block_size] for i in ix])
    return x, x.clone()
