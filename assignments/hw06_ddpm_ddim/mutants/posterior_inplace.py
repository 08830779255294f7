# must-fail: test_inputs_untouched
# why: right values, but the posterior mean is accumulated into the caller's x_t in place
def q_posterior(x0, x_t, t, betas, alpha_bar):
    ab = _at(alpha_bar, t, x0)
    ab_prev = _at(alpha_bar, t - 1, x0)
    beta = _at(betas, t, x0)
    coef_x0 = ab_prev.sqrt() * beta / (1 - ab)
    coef_xt = (1 - beta).sqrt() * (1 - ab_prev) / (1 - ab)
    var = (1 - ab_prev) * beta / (1 - ab)
    mean = x_t.mul_(coef_xt.to(x0.dtype)).add_(coef_x0.to(x0.dtype) * x0)
    return mean, var.to(x0.dtype)
