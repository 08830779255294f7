# must-fail: test_g_loss_nonsaturating_is_bce_with_target_one, test_generator_gradients_saturation
# why: "log D(1 - l)" instead of log(1 - D(l)) or log D(l): -logsigmoid(1 - l) is neither loss.
def g_loss_nonsaturating(logits_fake):
    return -F.logsigmoid(1 - logits_fake).mean()
