# must-fail: test_g_loss_minimax_value
# why: averages over axis 0 only: logits of shape (B, 1) give a loss of shape (1,), not a 0-dim tensor.
def g_loss_minimax(logits_fake):
    return -F.softplus(logits_fake).mean(0)
