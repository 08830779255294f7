# must-fail: test_g_loss_minimax_value
# why: returns the per-sample losses -softplus(l_i) (shape (B,)) instead of their mean, a 0-dim tensor.
def g_loss_minimax(logits_fake):
    return -F.softplus(logits_fake.reshape(-1))
