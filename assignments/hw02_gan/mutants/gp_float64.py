# must-fail: test_float32_and_float64
# why: computes the norms in float64 and forgets to cast back: a float32 batch gives a float64 penalty.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha.reshape((b,) + (1,) * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return ((g.double().reshape(b, -1).norm(dim=1) - 1) ** 2).mean()
