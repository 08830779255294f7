# must-fail: test_g_loss_minimax_value, test_generator_gradients_saturation
# why: sums over the batch instead of averaging: the loss and its gradients are B times too large (the gradient should be -sigmoid(l_i) / B).
def g_loss_minimax(logits_fake):
    return -F.softplus(logits_fake).sum()
