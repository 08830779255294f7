# must-fail: test_gp_linear_critic, test_gp_image_batch
# why: grad_outputs of shape (B,) only fits critics that return (B,); a critic returning (B, 1) raises a shape error.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha.reshape((b,) + (1,) * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    out = critic(x_hat)
    (g,) = torch.autograd.grad(out, x_hat, grad_outputs=torch.ones(b, dtype=out.dtype), create_graph=True)
    return ((g.reshape(b, -1).norm(dim=1) - 1) ** 2).mean()
