# must-fail: test_dsm_loss_images_and_call
# why: written for (B, D) only: coefficients a[:, None] and a sum over axis 1 break on image batches (B, C, H, W)
def dsm_loss(score_model, x0, t, eps):
    a, sigma = vp_marginal(t)
    a, sigma = a[:, None], sigma[:, None]
    x_t = a * x0 + sigma * eps
    residual = sigma * score_model(x_t, t) + eps
    return residual.pow(2).sum(1).mean()
