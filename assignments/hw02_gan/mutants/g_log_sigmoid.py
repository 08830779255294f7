# must-fail: test_losses_extreme_logits, test_generator_gradients_saturation
# why: log(sigmoid(l)) in both generator losses: -inf values and nan gradients (0 * inf) for large |l|.
def g_loss_nonsaturating(logits_fake):
    return -torch.log(torch.sigmoid(logits_fake)).mean()


def g_loss_minimax(logits_fake):
    return torch.log(1 - torch.sigmoid(logits_fake)).mean()
