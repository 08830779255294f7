# must-fail: test_dsm_loss_value, test_dsm_loss_minimised_by_true_score
# why: the weighting sigma_t^2 applied to the score inside the norm (sigma_t^2 s + eps): its minimiser is not the score
def dsm_loss(score_model, x0, t, eps):
    a, sigma = vp_marginal(t)
    shape = (-1,) + (1,) * (x0.dim() - 1)
    a, sigma = a.reshape(shape).to(x0.dtype), sigma.reshape(shape).to(x0.dtype)
    x_t = a * x0 + sigma * eps
    return (sigma**2 * score_model(x_t, t) + eps).pow(2).flatten(1).sum(1).mean()
