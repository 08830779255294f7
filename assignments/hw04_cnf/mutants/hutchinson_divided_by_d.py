# must-fail: test_hutchinson_is_quadratic_form, test_hutchinson_unbiased, test_rademacher_exact_on_elementwise_field, test_hutchinson_variance, test_public_hutchinson_linear, test_linear_cnf_hutchinson, test_cnf_follows_augmented_scheme, test_cnf_rademacher_elementwise_equals_exact, test_float32_and_float64, test_batch_equals_feature_dim, test_works_under_no_grad, test_backpropagates_to_field_parameters
# why: the estimate is averaged over the coordinates, zᵀ J z / D, as if the trace were a mean of the diagonal.
def hutchinson_divergence(u, x, t, probe):
    with torch.enable_grad():
        x_in = x if x.requires_grad else x.detach().requires_grad_(True)
        out = u(x_in, t)
        (vjp,) = torch.autograd.grad(out, x_in, grad_outputs=probe, create_graph=True)
    return (vjp * probe).mean(dim=-1)
