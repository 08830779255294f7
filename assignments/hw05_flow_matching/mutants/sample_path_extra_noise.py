# must-fail: test_no_global_rng, test_sample_path_values, test_sample_path_endpoints, test_public_path_and_target, test_gaussian_velocity_consistent_with_linear_path, test_float32_and_float64, test_batch_equals_feature_dim, test_cfm_loss_value, test_cfm_loss_zero_for_exact_field, test_cfm_loss_backpropagates, test_path_derivative_is_target_velocity
# why: adds a little fresh noise to x_t (sigma_min = 1e-4) from the global RNG, although the noise x0 is passed in.
def sample_path(x0, x1, t):
    return (1 - t) * x0 + t * x1 + 1e-4 * torch.randn_like(x0)
