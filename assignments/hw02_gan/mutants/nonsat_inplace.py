# must-fail: test_inputs_untouched
# why: negates the caller's logits in place (`l = logits_fake; l *= -1`): right value, corrupted input.
def g_loss_nonsaturating(logits_fake):
    l = logits_fake
    l *= -1
    return F.softplus(l).mean()
