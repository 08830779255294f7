# must-fail: test_sequence_nll_is_mean_cross_entropy, test_public_shift_and_uniform_nll, test_chain_rule_bigram_model
# why: the loss in bits (log base 2), not nats
def sequence_nll(logits, targets, ignore_index=-100):
    V = logits.shape[-1]
    return F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1), ignore_index=ignore_index) / math.log(2)
