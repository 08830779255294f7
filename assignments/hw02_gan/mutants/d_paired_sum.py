# must-fail: test_d_loss_value
# why: adds the two batches element by element before averaging: an error when the real and the fake batch have different sizes.
def d_loss_bce(logits_real, logits_fake):
    return (F.softplus(-logits_real) + F.softplus(logits_fake)).mean()
