# must-fail: test_inputs_untouched
# why: negates the caller's fake scores in place (`neg_`): the right value, a corrupted input.
def wgan_generator_loss(s_fake):
    return s_fake.neg_().mean()
