# must-fail: test_g_loss_nonsaturating_is_bce_with_target_one
# why: averages over axis 0 only: logits of shape (B, 1) give a loss of shape (1,), not a 0-dim tensor.
def g_loss_nonsaturating(logits_fake):
    return F.softplus(-logits_fake).mean(0)
