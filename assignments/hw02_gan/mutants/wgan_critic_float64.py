# must-fail: test_float32_and_float64
# why: averages in float64 and forgets to cast back: float32 scores give a float64 loss.
def wgan_critic_loss(s_real, s_fake):
    return s_fake.double().mean() - s_real.double().mean()
