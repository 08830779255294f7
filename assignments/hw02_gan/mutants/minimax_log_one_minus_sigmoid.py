# must-fail: test_losses_extreme_logits, test_generator_gradients_saturation
# why: log(1 - sigmoid(l)): sigmoid(1000) rounds to 1, so the loss is -inf instead of -1000 and its gradient nan.
def g_loss_minimax(logits_fake):
    return torch.log(1 - torch.sigmoid(logits_fake)).mean()
