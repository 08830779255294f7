# must-fail: test_d_loss_value, test_d_loss_zero_logits
# why: returns the value V(D, G) that the discriminator maximises, not the loss it minimises (-V): every sign flipped.
def d_loss_bce(logits_real, logits_fake):
    return F.logsigmoid(logits_real).mean() + F.logsigmoid(-logits_fake).mean()
