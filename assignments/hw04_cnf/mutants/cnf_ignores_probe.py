# must-fail: test_linear_cnf_hutchinson, test_cnf_follows_augmented_scheme, test_float32_and_float64, test_batch_equals_feature_dim, test_works_under_no_grad, test_backpropagates_to_field_parameters
# why: div='hutchinson' is ignored and the exact divergence is always used (and a missing probe is not an error).
def cnf_log_prob(x1, u, base_logprob, n_steps=50, method="rk4", div="exact", probe=None):
    d = x1.shape[1]

    def augmented(state, t):
        x = state[:, :d]
        return torch.cat([u(x, t), divergence_exact(u, x, t)[:, None]], dim=1)

    end = odeint(augmented, torch.cat([x1, torch.zeros_like(x1[:, :1])], dim=1), 1.0, 0.0, n_steps, method=method)
    return base_logprob(end[:, :d]) + end[:, d]
