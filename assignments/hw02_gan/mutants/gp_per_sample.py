# must-fail: test_gp_linear_critic, test_gp_quadratic_critic_per_sample_alpha, test_gp_image_batch
# why: returns the per-sample penalties (shape (B,)) instead of their mean, a 0-dim tensor.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha.reshape((b,) + (1,) * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return (g.reshape(b, -1).norm(dim=1) - 1) ** 2
