# must-fail: test_dsm_loss_value
# why: F.mse_loss-style mean over all elements (divides by D too) instead of the per-sample squared norm averaged over the batch
def dsm_loss(score_model, x0, t, eps):
    a, sigma = vp_marginal(t)
    shape = (-1,) + (1,) * (x0.dim() - 1)
    a, sigma = a.reshape(shape).to(x0.dtype), sigma.reshape(shape).to(x0.dtype)
    x_t = a * x0 + sigma * eps
    return ((sigma * score_model(x_t, t) + eps) ** 2).mean()
