# must-fail: test_wgan_losses_value, test_wgan_critic_loss_antisymmetric_and_shift_invariant
# why: passes the critic's scores through a sigmoid as if they were logits: a WGAN critic has no sigmoid, and adding a constant to every score now changes the loss.
def wgan_critic_loss(s_real, s_fake):
    return torch.sigmoid(s_fake).mean() - torch.sigmoid(s_real).mean()
