# must-fail: test_d_loss_gradients
# why: softplus as torch.where(u > 20, u, log1p(exp(u))): the values are right, but autograd differentiates the unused branch too, 0 * exp(1000) = 0 * inf = nan in the gradient.
def d_loss_bce(logits_real, logits_fake):
    def sp(u):
        return torch.where(u > 20, u, torch.log1p(torch.exp(u)))

    return sp(-logits_real).mean() + sp(logits_fake).mean()
