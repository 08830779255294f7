# must-fail: test_g_loss_nonsaturating_is_bce_with_target_one
# why: returns the per-sample losses softplus(-l_i) (shape (B,)) instead of their mean, a 0-dim tensor.
def g_loss_nonsaturating(logits_fake):
    return F.softplus(-logits_fake.reshape(-1))
