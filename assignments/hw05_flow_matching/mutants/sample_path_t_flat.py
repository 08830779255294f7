# must-fail: test_public_path_and_target, test_sample_path_endpoints, test_sample_path_values, test_batch_equals_feature_dim, test_public_cfm_loss_constant_field, test_gaussian_velocity_consistent_with_linear_path, test_inputs_untouched, test_float32_and_float64, test_no_global_rng, test_cfm_loss_value, test_cfm_loss_zero_for_exact_field, test_cfm_loss_backpropagates, test_path_derivative_is_target_velocity
# why: t is flattened to shape (B,), which broadcasts against the last (feature) axis: an error when B != D, silently wrong values when B == D.
def sample_path(x0, x1, t):
    t = t.reshape(-1)
    return (1 - t) * x0 + t * x1
