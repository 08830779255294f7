# must-fail: test_q_posterior_shapes_and_dtypes, test_float32_and_float64
# why: the variance is left in the float64 of the schedule instead of the dtype of x0
def q_posterior(x0, x_t, t, betas, alpha_bar):
    ab = _at(alpha_bar, t, x0)
    ab_prev = _at(alpha_bar, t - 1, x0)
    beta = _at(betas, t, x0)
    coef_x0 = ab_prev.sqrt() * beta / (1 - ab)
    coef_xt = (1 - beta).sqrt() * (1 - ab_prev) / (1 - ab)
    var = (1 - ab_prev) * beta / (1 - ab)
    mean = coef_x0.to(x0.dtype) * x0 + coef_xt.to(x0.dtype) * x_t
    return mean, var
