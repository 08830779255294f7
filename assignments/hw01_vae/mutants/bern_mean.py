# must-fail: test_bernoulli_log_likelihood_matches_bce
# why: averages over the pixels (BCE's default reduction) instead of summing them.
def bernoulli_log_likelihood(x, logits):
    return -F.binary_cross_entropy_with_logits(logits, x, reduction="none").reshape(x.shape[0], -1).mean(1)
