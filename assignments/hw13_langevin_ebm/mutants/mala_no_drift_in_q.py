# must-fail: test_mala_detailed_balance, test_mala_step_matches, test_mala_keeps_gaussian_invariant
# why: the proposal density is taken without the drift (a random-walk q, symmetric): the q terms cancel, but the proposal has a drift, so the acceptance ratio is wrong.
def mala_step(x, log_p, grad_log_p, h, noise, u):
    h = _check_step(h)
    y = x + h * grad_log_p(x) + math.sqrt(2 * h) * noise
    log_q_fwd = -((y - x) ** 2).sum(-1) / (4 * h)
    log_q_bwd = -((x - y) ** 2).sum(-1) / (4 * h)
    accepted = torch.log(u) < log_p(y) - log_p(x) + log_q_bwd - log_q_fwd
    return torch.where(accepted[:, None], y, x), accepted
