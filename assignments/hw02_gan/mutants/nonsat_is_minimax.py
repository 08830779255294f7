# must-fail: test_g_loss_nonsaturating_is_bce_with_target_one, test_generator_gradients_saturation
# why: the "non-saturating" loss is the minimax one, whose gradient vanishes when D rejects the fakes.
def g_loss_nonsaturating(logits_fake):
    return -F.softplus(logits_fake).mean()
