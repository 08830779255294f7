# must-fail: test_d_loss_value
# why: treats the logits as probabilities D(x): -log(l_r) - log(1 - l_f) is nan for a negative logit, and wrong for every other one.
def d_loss_bce(logits_real, logits_fake):
    return -torch.log(logits_real).mean() - torch.log1p(-logits_fake).mean()
