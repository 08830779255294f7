# must-fail: test_mala_detailed_balance, test_mala_step_matches, test_mala_keeps_gaussian_invariant
# why: q(y | x) in both the numerator and the denominator, so the ratio is p(y) / p(x) only.
def mala_step(x, log_p, grad_log_p, h, noise, u):
    h = _check_step(h)
    g = grad_log_p(x)
    y = x + h * g + math.sqrt(2 * h) * noise
    log_q_fwd = -((y - x - h * g) ** 2).sum(-1) / (4 * h)
    accepted = torch.log(u) < log_p(y) - log_p(x) + log_q_fwd - log_q_fwd
    return torch.where(accepted[:, None], y, x), accepted
