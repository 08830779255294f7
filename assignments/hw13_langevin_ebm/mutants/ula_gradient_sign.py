# must-fail: test_ula_stationary_variance, test_ula_step_formula, test_public_ula_step, test_ula_keeps_initial_mode_split
# why: steps down the log-density (x - h grad_log_p): the chain runs away from the target.
def ula_step(x, grad_log_p, h, noise):
    h = _check_step(h)
    return x - h * grad_log_p(x) + math.sqrt(2 * h) * noise
