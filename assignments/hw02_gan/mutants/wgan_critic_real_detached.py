# must-fail: test_wgan_losses_value
# why: detaches the real scores ("the data is fixed"): the value is right, but the critic gets no gradient from the real batch (it should be -1/B_r per real score).
def wgan_critic_loss(s_real, s_fake):
    return s_fake.mean() - s_real.detach().mean()
