# must-fail: test_d_loss_value, test_d_loss_zero_logits
# why: forgets to average the fake term: the loss comes back as one value per fake sample, not a 0-dim tensor.
def d_loss_bce(logits_real, logits_fake):
    return F.softplus(-logits_real).mean() + F.softplus(logits_fake.reshape(-1))
