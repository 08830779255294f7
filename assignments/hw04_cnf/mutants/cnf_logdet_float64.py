# must-fail: test_float32_and_float64
# why: the running log-determinant is kept in float64 for accuracy, which promotes the whole augmented state (and the result) to float64 for float32 inputs.
def cnf_log_prob(x1, u, base_logprob, n_steps=50, method="rk4", div="exact", probe=None):
    if div == "hutchinson" and probe is None:
        raise ValueError("div='hutchinson' needs a probe")
    divergence = (lambda x, t: divergence_exact(u, x, t)) if div == "exact" else (lambda x, t: hutchinson_divergence(u, x, t, probe))
    d = x1.shape[1]

    def augmented(state, t):
        x = state[:, :d].to(x1.dtype)
        t = t.to(x1.dtype)
        return torch.cat([u(x, t), divergence(x, t)[:, None]], dim=1)

    start = torch.cat([x1, torch.zeros(x1.shape[0], 1, dtype=torch.float64)], dim=1)
    end = odeint(augmented, start, 1.0, 0.0, n_steps, method=method)
    return base_logprob(end[:, :d].to(x1.dtype)) + end[:, d]
