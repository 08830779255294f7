# must-fail: test_wgan_losses_value
# why: the critic maximises mean(s_fake) - mean(s_real) and the generator lowers its scores: both signs flipped.
def wgan_critic_loss(s_real, s_fake):
    return s_real.mean() - s_fake.mean()


def wgan_generator_loss(s_fake):
    return s_fake.mean()
