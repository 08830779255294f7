# must-fail: test_q_posterior_shapes_and_dtypes, test_float32_and_float64
# why: the float64 coefficients of the mean are not cast: the mean of float32 data comes back as float64
def q_posterior(x0, x_t, t, betas, alpha_bar):
    ab = _at(alpha_bar, t, x0)
    ab_prev = _at(alpha_bar, t - 1, x0)
    beta = _at(betas, t, x0)
    coef_x0 = ab_prev.sqrt() * beta / (1 - ab)
    coef_xt = (1 - beta).sqrt() * (1 - ab_prev) / (1 - ab)
    var = (1 - ab_prev) * beta / (1 - ab)
    mean = coef_x0 * x0 + coef_xt * x_t
    return mean, var.to(x0.dtype)
