# must-fail: test_cnf_follows_augmented_scheme, test_float32_and_float64, test_batch_equals_feature_dim, test_works_under_no_grad, test_backpropagates_to_field_parameters
# why: x is integrated with the chosen scheme, but the divergence is summed with a left Riemann rule at the states of the trajectory (not the same scheme on the augmented state).
def cnf_log_prob(x1, u, base_logprob, n_steps=50, method="rk4", div="exact", probe=None):
    if div == "hutchinson" and probe is None:
        raise ValueError("div='hutchinson' needs a probe")
    divergence = (lambda x, t: divergence_exact(u, x, t)) if div == "exact" else (lambda x, t: hutchinson_divergence(u, x, t, probe))
    traj = odeint(u, x1, 1.0, 0.0, n_steps, method=method, return_traj=True)
    h = -1.0 / n_steps
    ell = torch.zeros(x1.shape[0], dtype=x1.dtype)
    for k in range(n_steps):
        t = torch.full((x1.shape[0], 1), 1.0 + k * h, dtype=x1.dtype)
        ell = ell + h * divergence(traj[k], t)
    return base_logprob(traj[-1]) + ell
