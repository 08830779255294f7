# must-fail: test_inputs_untouched
# why: negates the caller's real logits in place (`l = logits_real; l *= -1`): right value, corrupted input.
def d_loss_bce(logits_real, logits_fake):
    l = logits_real
    l *= -1
    return F.softplus(l).mean() + F.softplus(logits_fake).mean()
