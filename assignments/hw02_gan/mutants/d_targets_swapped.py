# must-fail: test_d_loss_value, test_d_loss_optimal_discriminator_jsd, test_d_loss_monotone
# why: target 0 on the real logits and 1 on the fake ones: still 2 log 2 at zero logits, but it rewards the wrong answers.
def d_loss_bce(logits_real, logits_fake):
    return F.softplus(logits_real).mean() + F.softplus(-logits_fake).mean()
