# must-fail: test_d_loss_value
# why: averages over axis 0 only: right for logits of shape (B,), but logits of shape (B, 1) give a loss of shape (1,), not a 0-dim tensor.
def d_loss_bce(logits_real, logits_fake):
    return F.softplus(-logits_real).mean(0) + F.softplus(logits_fake).mean(0)
