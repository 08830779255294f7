# must-fail: test_gp_quadratic_critic_per_sample_alpha
# why: grad_outputs of shape (B, 1) only fits critics that return (B, 1); a critic returning (B,) raises a shape error.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha.reshape((b,) + (1,) * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    out = critic(x_hat)
    (g,) = torch.autograd.grad(out, x_hat, grad_outputs=torch.ones(b, 1, dtype=out.dtype), create_graph=True)
    return ((g.reshape(b, -1).norm(dim=1) - 1) ** 2).mean()
