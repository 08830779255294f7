# must-fail: test_ula_stationary_variance, test_ula_step_formula, test_public_ula_step
# why: the noise is scaled by sqrt(h) instead of sqrt(2h): about half the stationary variance.
def ula_step(x, grad_log_p, h, noise):
    h = _check_step(h)
    return x + h * grad_log_p(x) + math.sqrt(h) * noise
