# must-fail: test_gp_plain_callable_critic
# why: "cleans up" with critic.zero_grad(): a critic that is a plain function (not an nn.Module) has no such method.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha.reshape((b,) + (1,) * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    critic.zero_grad()
    return ((g.reshape(b, -1).norm(dim=1) - 1) ** 2).mean()
