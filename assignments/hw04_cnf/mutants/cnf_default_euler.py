# must-fail: test_cnf_defaults
# why: the default method is 'euler' instead of 'rk4'.
def cnf_log_prob(x1, u, base_logprob, n_steps=50, method="euler", div="exact", probe=None):
    if div == "exact":
        divergence = lambda x, t: divergence_exact(u, x, t)
    elif div == "hutchinson":
        if probe is None:
            raise ValueError("a probe is needed")
        divergence = lambda x, t: hutchinson_divergence(u, x, t, probe)
    else:
        raise ValueError(div)
    d = x1.shape[1]

    def augmented(state, t):
        x = state[:, :d]
        return torch.cat([u(x, t), divergence(x, t)[:, None]], dim=1)

    start = torch.cat([x1, torch.zeros_like(x1[:, :1])], dim=1)
    end = odeint(augmented, start, 1.0, 0.0, n_steps, method=method)
    return base_logprob(end[:, :d]) + end[:, d]
