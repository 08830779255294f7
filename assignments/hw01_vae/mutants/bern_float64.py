# must-fail: test_float32_and_float64
# why: sums in float64: float32 inputs give a float64 result.
def bernoulli_log_likelihood(x, logits):
    per = F.binary_cross_entropy_with_logits(logits, x, reduction="none")
    return -per.reshape(x.shape[0], -1).sum(1, dtype=torch.float64)
