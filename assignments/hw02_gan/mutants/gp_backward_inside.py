# must-fail: test_gp_backpropagates
# why: the input gradient is read from x_hat.grad after a backward(): it also accumulates d critic / d theta into the critic's .grad.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha.reshape((b,) + (1,) * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    critic(x_hat).sum().backward(create_graph=True)
    g = x_hat.grad
    return ((g.reshape(b, -1).norm(dim=1) - 1) ** 2).mean()
