# must-fail: test_gp_image_batch
# why: the norm over the last axis only: right for (B, D), wrong for images (B, C, H, W).
def gradient_penalty(critic, real, fake, alpha):
    a = alpha.reshape((real.shape[0],) + (1,) * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return ((g.norm(dim=-1) - 1) ** 2).mean()
