# must-fail: test_gp_linear_critic, test_gp_quadratic_critic_per_sample_alpha
# why: sums the per-sample penalties instead of averaging them (1/B): the penalty grows with the batch size.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha.reshape((b,) + (1,) * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return ((g.reshape(b, -1).norm(dim=1) - 1) ** 2).sum()
