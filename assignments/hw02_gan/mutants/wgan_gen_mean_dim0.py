# must-fail: test_wgan_losses_value
# why: averages over axis 0 only: scores of shape (B, 1) give a loss of shape (1,), not a 0-dim tensor.
def wgan_generator_loss(s_fake):
    return -s_fake.mean(0)
