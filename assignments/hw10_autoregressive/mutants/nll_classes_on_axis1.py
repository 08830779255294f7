# must-fail: test_sequence_nll_is_mean_cross_entropy, test_public_shift_and_uniform_nll, test_chain_rule_bigram_model
# why: F.cross_entropy on (B, L, V) reads axis 1 as the classes: it fails, or silently computes nonsense when L == V
def sequence_nll(logits, targets, ignore_index=-100):
    return F.cross_entropy(logits, targets, ignore_index=ignore_index)
