# must-fail: test_sequence_nll_gradient
# why: the value is right but rebuilt from a Python float: no gradient reaches the logits
def sequence_nll(logits, targets, ignore_index=-100):
    V = logits.shape[-1]
    value = F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1), ignore_index=ignore_index).item()
    return torch.tensor(value, dtype=logits.dtype)
