# must-fail: test_d_loss_value
# why: sums the per-sample cross-entropies instead of averaging them: the loss grows with the batch size.
def d_loss_bce(logits_real, logits_fake):
    return F.softplus(-logits_real).sum() + F.softplus(logits_fake).sum()
