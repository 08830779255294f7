# must-fail: test_dsm_loss_images_and_call, test_dsm_loss_value
# why: score_model is called with t reshaped to a column (B, 1) instead of the times as given, shape (B,)
def dsm_loss(score_model, x0, t, eps):
    a, sigma = vp_marginal(t)
    shape = (-1,) + (1,) * (x0.dim() - 1)
    a, sigma = a.reshape(shape).to(x0.dtype), sigma.reshape(shape).to(x0.dtype)
    x_t = a * x0 + sigma * eps
    residual = sigma * score_model(x_t, t[:, None]) + eps
    return residual.pow(2).flatten(1).sum(1).mean()
