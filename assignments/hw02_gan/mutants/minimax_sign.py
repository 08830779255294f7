# must-fail: test_g_loss_minimax_value, test_generator_gradients_saturation
# why: the minimax loss with the sign of the discriminator's term (+softplus): the generator helps the discriminator.
def g_loss_minimax(logits_fake):
    return F.softplus(logits_fake).mean()
