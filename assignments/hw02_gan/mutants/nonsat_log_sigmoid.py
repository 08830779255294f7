# must-fail: test_losses_extreme_logits, test_generator_gradients_saturation
# why: -log(sigmoid(l)): sigmoid(-1000) underflows to 0, so the loss is inf instead of 1000 and its gradient nan.
def g_loss_nonsaturating(logits_fake):
    return -torch.log(torch.sigmoid(logits_fake)).mean()
