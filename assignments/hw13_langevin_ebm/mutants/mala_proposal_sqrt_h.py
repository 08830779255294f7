# must-fail: test_mala_step_matches
# why: the proposal noise is scaled by sqrt(h), not sqrt(2h) (the proposal is not the ULA step).
def mala_step(x, log_p, grad_log_p, h, noise, u):
    h = _check_step(h)
    g = grad_log_p(x)
    y = x + h * g + math.sqrt(h) * noise
    gy = grad_log_p(y)
    log_q_fwd = -((y - x - h * g) ** 2).sum(-1) / (4 * h)
    log_q_bwd = -((x - y - h * gy) ** 2).sum(-1) / (4 * h)
    log_alpha = log_p(y) - log_p(x) + log_q_bwd - log_q_fwd
    accepted = torch.log(u) < log_alpha
    return torch.where(accepted[:, None], y, x), accepted
