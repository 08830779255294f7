# must-fail: test_wgan_losses_value, test_wgan_critic_loss_antisymmetric_and_shift_invariant
# why: returns one value per fake sample, s_fake_j - mean(s_real), instead of their mean (a 0-dim tensor).
def wgan_critic_loss(s_real, s_fake):
    return s_fake.reshape(-1) - s_real.mean()
