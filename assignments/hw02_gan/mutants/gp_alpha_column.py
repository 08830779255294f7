# must-fail: test_gp_image_batch
# why: alpha[:, None] (the shape (B, 1) that fits (B, D) samples) instead of (B, 1, ..., 1): on image batches (B, C, H, W) it broadcasts against the last two axes.
def gradient_penalty(critic, real, fake, alpha):
    b = real.shape[0]
    a = alpha[:, None]
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return ((g.reshape(b, -1).norm(dim=1) - 1) ** 2).mean()
