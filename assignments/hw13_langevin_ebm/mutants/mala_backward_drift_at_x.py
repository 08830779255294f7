# must-fail: test_mala_detailed_balance, test_mala_step_matches
# why: q(x|y) uses the drift of the start point x, not of its own start point y.
def mala_step(x, log_p, grad_log_p, h, noise, u):
    h = _check_step(h)
    g = grad_log_p(x)
    y = x + h * g + math.sqrt(2 * h) * noise
    log_q_fwd = -((y - x - h * g) ** 2).sum(-1) / (4 * h)
    log_q_bwd = -((x - y - h * g) ** 2).sum(-1) / (4 * h)
    log_alpha = log_p(y) - log_p(x) + log_q_bwd - log_q_fwd
    accepted = torch.log(u) < log_alpha
    return torch.where(accepted[:, None], y, x), accepted
