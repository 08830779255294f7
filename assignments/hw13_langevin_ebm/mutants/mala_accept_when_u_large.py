# must-fail: test_mala_step_matches, test_mala_detailed_balance, test_public_mala_step_accept_reject
# why: accepts where u > alpha instead of u < alpha.
def mala_step(x, log_p, grad_log_p, h, noise, u):
    h = _check_step(h)
    g = grad_log_p(x)
    y = x + h * g + math.sqrt(2 * h) * noise
    gy = grad_log_p(y)
    log_alpha = log_p(y) - log_p(x) - ((x - y - h * gy) ** 2).sum(-1) / (4 * h) + ((y - x - h * g) ** 2).sum(-1) / (4 * h)
    accepted = torch.log(u) > torch.clamp(log_alpha, max=0.0)
    return torch.where(accepted[:, None], y, x), accepted
