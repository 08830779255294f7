# must-fail: test_wgan_losses_value, test_wgan_critic_loss_antisymmetric_and_shift_invariant
# why: mean(s_real) - mean(s_fake) is the W1 estimate the critic maximises, not the loss it minimises.
def wgan_critic_loss(s_real, s_fake):
    return s_real.mean() - s_fake.mean()
