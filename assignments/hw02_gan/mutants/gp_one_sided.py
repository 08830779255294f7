# must-fail: test_gp_linear_critic
# why: the one-sided penalty max(0, ||g|| - 1)² (a different method): gradients of norm below 1 go unpenalised.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha.reshape((b,) + (1,) * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return ((g.reshape(b, -1).norm(dim=1) - 1).clamp(min=0) ** 2).mean()
