# must-fail: test_dsm_loss_value, test_dsm_loss_minimised_by_true_score
# why: returns the per-sample losses (shape (B,)) instead of their mean, a 0-dim tensor
def dsm_loss(score_model, x0, t, eps):
    a, sigma = vp_marginal(t)
    shape = (-1,) + (1,) * (x0.dim() - 1)
    a, sigma = a.reshape(shape).to(x0.dtype), sigma.reshape(shape).to(x0.dtype)
    x_t = a * x0 + sigma * eps
    residual = sigma * score_model(x_t, t) + eps
    return residual.pow(2).flatten(1).sum(1)
