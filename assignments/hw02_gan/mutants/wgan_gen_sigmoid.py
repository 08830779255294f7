# must-fail: test_wgan_losses_value
# why: passes the fake scores through a sigmoid as if they were logits: a WGAN critic's scores have no sigmoid.
def wgan_generator_loss(s_fake):
    return -torch.sigmoid(s_fake).mean()
