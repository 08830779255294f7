# must-fail: test_float32_and_float64
# why: computes in float64 and forgets to cast back: float32 logits give a float64 loss.
def g_loss_nonsaturating(logits_fake):
    return F.softplus(-logits_fake.double()).mean()
