# must-fail: test_bernoulli_log_likelihood_matches_bce
# why: sums over the last axis only: an image batch (B, C, H, W) gives (B, C, H) instead of (B,).
def bernoulli_log_likelihood(x, logits):
    return -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(-1)
