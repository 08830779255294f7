# must-fail: test_get_batch_uses_only_its_generator_and_keeps_data, test_get_batch_draws_starts_as_specified, test_train_lm_replays_the_adamw_recipe
# why: the generator argument is ignored: batches come from the global random state
def get_batch(data, block_size, batch_size, generator=None):
    ix = torch.randint(len(data) - block_size, (batch_size,))
    x = torch.stack([data[i : i + block_size] for i in ix])
    y = torch.stack([data[i + 1 : i + block_size + 1] for i in ix])
    return x, y
