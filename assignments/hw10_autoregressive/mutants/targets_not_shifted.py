# must-fail: test_shift_for_teacher_forcing, test_chain_rule_bigram_model
# why: the targets are the inputs themselves (no shift): the model is asked to copy, the chain rule breaks
def shift_for_teacher_forcing(ids):
    return ids[..., :-1], ids[..., :-1]
