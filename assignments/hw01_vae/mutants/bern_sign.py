# must-fail: test_bernoulli_log_likelihood_matches_bce, test_bernoulli_log_likelihood_extreme_logits
# why: returns the binary cross-entropy itself, i.e. minus the log-likelihood.
def bernoulli_log_likelihood(x, logits):
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").reshape(x.shape[0], -1).sum(1)
