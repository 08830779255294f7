# must-fail: test_gp_linear_critic, test_gp_quadratic_critic_per_sample_alpha
# why: differentiates with respect to `real` rather than the interpolate x_hat: by the chain rule the gradient is alpha_i times too small.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha.reshape((b,) + (1,) * (real.dim() - 1))
    r = real.detach().requires_grad_(True)
    x_hat = a * r + (1 - a) * fake
    (g,) = torch.autograd.grad(critic(x_hat).sum(), r, create_graph=True)
    return ((g.reshape(b, -1).norm(dim=1) - 1) ** 2).mean()
