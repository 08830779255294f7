# must-fail: test_wgan_critic_loss_antisymmetric_and_shift_invariant, test_wgan_losses_value
# why: |mean(s_fake) - mean(s_real)| ("a distance is non-negative"): no longer antisymmetric in (real, fake), and the critic could no longer push its estimate of W1 up.
def wgan_critic_loss(s_real, s_fake):
    return (s_fake.mean() - s_real.mean()).abs()
