# must-fail: test_mala_log_space
# why: forms the ratio p(y) q(x|y) / (p(x) q(y|x)) from exponentials instead of working in log space: 0 / 0 where the unnormalised log-density is very negative.
def mala_step(x, log_p, grad_log_p, h, noise, u):
    h = _check_step(h)
    g = grad_log_p(x)
    y = x + h * g + math.sqrt(2 * h) * noise
    gy = grad_log_p(y)
    q_fwd = torch.exp(-((y - x - h * g) ** 2).sum(-1) / (4 * h))
    q_bwd = torch.exp(-((x - y - h * gy) ** 2).sum(-1) / (4 * h))
    ratio = torch.exp(log_p(y)) * q_bwd / (torch.exp(log_p(x)) * q_fwd)
    accepted = u < torch.clamp(ratio, max=1.0)
    return torch.where(accepted[:, None], y, x), accepted
