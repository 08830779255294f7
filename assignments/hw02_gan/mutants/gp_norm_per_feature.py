# must-fail: test_gp_linear_critic, test_gp_quadratic_critic_per_sample_alpha
# why: the norm runs over the batch axis (one norm per coordinate) instead of over each sample's coordinates.
def gradient_penalty(critic, real, fake, alpha):
    a = alpha.reshape((real.shape[0],) + (1,) * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return ((g.norm(dim=0) - 1) ** 2).mean()
