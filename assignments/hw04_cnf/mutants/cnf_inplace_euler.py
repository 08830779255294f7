# must-fail: test_inputs_untouched
# why: with method='euler' the backward integration is written out by hand with in-place updates of a state that aliases the caller's x1.
def cnf_log_prob(x1, u, base_logprob, n_steps=50, method="rk4", div="exact", probe=None):
    if div == "hutchinson" and probe is None:
        raise ValueError("a probe is needed")
    divergence = (lambda x, t: divergence_exact(u, x, t)) if div == "exact" else (lambda x, t: hutchinson_divergence(u, x, t, probe))
    d = x1.shape[1]
    if method == "euler":
        h = -1.0 / n_steps
        x, ell = x1, torch.zeros_like(x1[:, 0])
        for k in range(n_steps):
            t = torch.full((x1.shape[0], 1), 1.0 + k * h, dtype=x1.dtype)
            v, dv = u(x, t), divergence(x, t)
            x += h * v
            ell = ell + h * dv
        return base_logprob(x) + ell

    def augmented(state, t):
        x = state[:, :d]
        return torch.cat([u(x, t), divergence(x, t)[:, None]], dim=1)

    end = odeint(augmented, torch.cat([x1, torch.zeros_like(x1[:, :1])], dim=1), 1.0, 0.0, n_steps, method=method)
    return base_logprob(end[:, :d]) + end[:, d]
