# must-fail: test_q_posterior_matches_bayes_on_grid, test_q_posterior_shapes_and_dtypes
# why: the variance is returned with shape (B,) instead of (B, 1, ..., 1)
def q_posterior(x0, x_t, t, betas, alpha_bar):
    ab = _at(alpha_bar, t, x0)
    ab_prev = _at(alpha_bar, t - 1, x0)
    beta = _at(betas, t, x0)
    coef_x0 = ab_prev.sqrt() * beta / (1 - ab)
    coef_xt = (1 - beta).sqrt() * (1 - ab_prev) / (1 - ab)
    var = (1 - ab_prev) * beta / (1 - ab)
    mean = coef_x0.to(x0.dtype) * x0 + coef_xt.to(x0.dtype) * x_t
    return mean, var.reshape(-1).to(x0.dtype)
