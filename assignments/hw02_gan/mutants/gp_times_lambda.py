# must-fail: test_gp_linear_critic, test_gp_quadratic_critic_per_sample_alpha
# why: includes the weight lambda = 10 of the critic's loss: gradient_penalty returns 10 GP, and the caller's lambda is applied twice.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha.reshape((b,) + (1,) * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return 10.0 * ((g.reshape(b, -1).norm(dim=1) - 1) ** 2).mean()
