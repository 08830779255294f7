# must-fail: test_wgan_losses_value
# why: the right value as a constant (computed through .item()): no gradient reaches the fake scores, so the generator never learns.
def wgan_generator_loss(s_fake):
    return torch.tensor(-s_fake.mean().item(), dtype=s_fake.dtype)
