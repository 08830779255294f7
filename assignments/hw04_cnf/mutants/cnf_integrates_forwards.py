# must-fail: test_linear_cnf_closed_form, test_linear_cnf_hutchinson, test_cnf_follows_augmented_scheme, test_cnf_density_integrates_to_one, test_cnf_rademacher_elementwise_equals_exact, test_float32_and_float64, test_batch_equals_feature_dim, test_works_under_no_grad, test_backpropagates_to_field_parameters
# why: the augmented state is integrated forwards from t = 0 to t = 1 starting at the data point, instead of backwards from t = 1 to t = 0.
def cnf_log_prob(x1, u, base_logprob, n_steps=50, method="rk4", div="exact", probe=None):
    if div == "hutchinson" and probe is None:
        raise ValueError("div='hutchinson' needs a probe")
    divergence = (lambda x, t: divergence_exact(u, x, t)) if div == "exact" else (lambda x, t: hutchinson_divergence(u, x, t, probe))
    d = x1.shape[1]

    def augmented(state, t):
        x = state[:, :d]
        return torch.cat([u(x, t), -divergence(x, t)[:, None]], dim=1)

    end = odeint(augmented, torch.cat([x1, torch.zeros_like(x1[:, :1])], dim=1), 0.0, 1.0, n_steps, method=method)
    return base_logprob(end[:, :d]) + end[:, d]
