# must-fail: test_shift_for_teacher_forcing, test_chain_rule_bigram_model
# why: inputs start one token late (ids[..., 1:]) and targets two tokens late, wrapped around: the target leaks into the input
def shift_for_teacher_forcing(ids):
    return ids[..., 1:], torch.roll(ids, -2, dims=-1)[..., :-1]
