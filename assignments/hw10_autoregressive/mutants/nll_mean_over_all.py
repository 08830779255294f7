# must-fail: test_sequence_nll_ignored_targets_change_nothing, test_sequence_nll_is_mean_cross_entropy
# why: the sum over kept tokens is divided by the number of all positions, padding included
def sequence_nll(logits, targets, ignore_index=-100):
    V = logits.shape[-1]
    total = F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1), ignore_index=ignore_index, reduction="sum")
    return total / targets.numel()
