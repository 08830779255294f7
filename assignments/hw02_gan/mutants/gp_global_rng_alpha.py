# must-fail: test_gp_quadratic_critic_per_sample_alpha, test_no_global_rng
# why: draws its own interpolation weights with torch.rand instead of using the alpha it is given.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = torch.rand((b,) + (1,) * (real.dim() - 1), dtype=real.dtype)
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return ((g.reshape(b, -1).norm(dim=1) - 1) ** 2).mean()
