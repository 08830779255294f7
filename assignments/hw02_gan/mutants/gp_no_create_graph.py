# must-fail: test_gp_backpropagates
# why: without create_graph=True the input gradient is a constant: the penalty has the right value but trains nothing.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha.reshape((b,) + (1,) * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat)
    return ((g.reshape(b, -1).norm(dim=1) - 1) ** 2).mean()
