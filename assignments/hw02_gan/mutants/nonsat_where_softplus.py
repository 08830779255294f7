# must-fail: test_generator_gradients_saturation
# why: softplus(-l) as torch.where(u > 20, u, log1p(exp(u))): the value is right, but the gradient at l = -1000 is 0 * exp(1000) = nan.
def g_loss_nonsaturating(logits_fake):
    u = -logits_fake
    return torch.where(u > 20, u, torch.log1p(torch.exp(u))).mean()
