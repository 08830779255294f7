# must-fail: test_inputs_untouched
# why: interpolates with the in-place real.lerp_(fake, 1 - alpha): the right x_hat and penalty, but the caller's `real` batch is overwritten.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha.reshape((b,) + (1,) * (real.dim() - 1))
    x_hat = real.lerp_(fake, 1 - a).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return ((g.reshape(b, -1).norm(dim=1) - 1) ** 2).mean()
