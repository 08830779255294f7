# must-fail: test_wgan_losses_value
# why: returns the per-sample values -s_fake_j (shape (B,)) instead of their mean, a 0-dim tensor.
def wgan_generator_loss(s_fake):
    return -s_fake.reshape(-1)
