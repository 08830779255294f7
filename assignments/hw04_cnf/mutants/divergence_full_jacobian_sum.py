# must-fail: test_public_divergence_linear, test_divergence_is_jacobian_trace, test_divergence_of_linear_field_is_trace, test_linear_cnf_closed_form, test_cnf_follows_augmented_scheme, test_cnf_density_integrates_to_one, test_float32_and_float64, test_batch_equals_feature_dim, test_works_under_no_grad, test_backpropagates_to_field_parameters
# why: every entry of the Jacobian is summed (the gradient of Σ_i u_i), not only the diagonal: Σ_ij J_ij instead of tr J.
def divergence_exact(u, x, t):
    with torch.enable_grad():
        x_in = x if x.requires_grad else x.detach().requires_grad_(True)
        out = u(x_in, t)
        (g,) = torch.autograd.grad(out.sum(), x_in, create_graph=True)
    return g.sum(dim=-1)
