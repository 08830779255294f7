# must-fail: test_q_posterior_matches_bayes_on_grid, test_q_posterior_at_t1_is_point_mass_at_x0
# why: the posterior variance is beta_t instead of (1 - alpha_bar_{t-1}) / (1 - alpha_bar_t) beta_t (not 0 at t = 1)
def q_posterior(x0, x_t, t, betas, alpha_bar):
    ab = _at(alpha_bar, t, x0)
    ab_prev = _at(alpha_bar, t - 1, x0)
    beta = _at(betas, t, x0)
    coef_x0 = ab_prev.sqrt() * beta / (1 - ab)
    coef_xt = (1 - beta).sqrt() * (1 - ab_prev) / (1 - ab)
    mean = coef_x0.to(x0.dtype) * x0 + coef_xt.to(x0.dtype) * x_t
    return mean, beta.to(x0.dtype)
