# must-fail: test_wgan_losses_value, test_wgan_critic_loss_antisymmetric_and_shift_invariant
# why: mean(s_fake - s_real) pairs the two batches element by element: an error when their sizes differ.
def wgan_critic_loss(s_real, s_fake):
    return (s_fake - s_real).mean()
