# must-fail: test_float32_and_float64
# why: computes in float64 for accuracy and forgets to cast back: float32 logits give a float64 loss.
def d_loss_bce(logits_real, logits_fake):
    return F.softplus(-logits_real.double()).mean() + F.softplus(logits_fake.double()).mean()
