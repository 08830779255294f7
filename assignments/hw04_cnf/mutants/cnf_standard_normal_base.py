# must-fail: test_linear_cnf_closed_form
# why: the base density is hard-coded as N(0, I) instead of calling base_logprob.
def cnf_log_prob(x1, u, base_logprob, n_steps=50, method="rk4", div="exact", probe=None):
    if div == "hutchinson" and probe is None:
        raise ValueError("div='hutchinson' needs a probe")
    divergence = (lambda x, t: divergence_exact(u, x, t)) if div == "exact" else (lambda x, t: hutchinson_divergence(u, x, t, probe))
    d = x1.shape[1]

    def augmented(state, t):
        x = state[:, :d]
        return torch.cat([u(x, t), divergence(x, t)[:, None]], dim=1)

    end = odeint(augmented, torch.cat([x1, torch.zeros_like(x1[:, :1])], dim=1), 1.0, 0.0, n_steps, method=method)
    x0 = end[:, :d]
    return -0.5 * (x0**2).sum(-1) - 0.5 * d * math.log(2 * math.pi) + end[:, d]
