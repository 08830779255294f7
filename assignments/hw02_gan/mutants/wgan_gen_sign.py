# must-fail: test_wgan_losses_value
# why: mean(s_fake) as the generator loss: minimising it lowers the critic's scores of the fakes, making them look more fake.
def wgan_generator_loss(s_fake):
    return s_fake.mean()
