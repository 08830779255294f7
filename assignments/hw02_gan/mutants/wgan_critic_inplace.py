# must-fail: test_inputs_untouched
# why: centres the caller's fake scores in place (s_fake -= mean(s_real)) and averages them: the right value, a corrupted input.
def wgan_critic_loss(s_real, s_fake):
    return s_fake.sub_(s_real.mean()).mean()
