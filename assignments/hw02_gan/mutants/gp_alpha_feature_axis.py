# must-fail: test_gp_quadratic_critic_per_sample_alpha, test_batch_equals_feature_dim
# why: alpha of shape (B,) multiplies (B, D) samples directly: it broadcasts against the feature axis (an error when B != D, silently wrong when B == D).
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return ((g.reshape(b, -1).norm(dim=1) - 1) ** 2).mean()
