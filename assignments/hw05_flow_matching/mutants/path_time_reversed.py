# must-fail: test_public_path_and_target, test_sample_path_endpoints, test_sample_path_values, test_path_derivative_is_target_velocity, test_gaussian_velocity_consistent_with_linear_path, test_cfm_loss_value, test_float32_and_float64, test_batch_equals_feature_dim, test_cfm_loss_zero_for_exact_field, test_cfm_loss_backpropagates
# why: time runs the wrong way: t x0 + (1 - t) x1 starts at the data and ends at the noise.
def sample_path(x0, x1, t):
    return t * x0 + (1 - t) * x1
