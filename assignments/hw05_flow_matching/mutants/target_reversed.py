# must-fail: test_public_path_and_target, test_path_derivative_is_target_velocity, test_cfm_loss_value, test_gaussian_velocity_consistent_with_linear_path, test_public_cfm_loss_constant_field, test_float32_and_float64, test_batch_equals_feature_dim, test_cfm_loss_zero_for_exact_field, test_cfm_loss_backpropagates
# why: the target velocity points from the data to the noise: x0 - x1 instead of x1 - x0.
def target_velocity(x0, x1):
    return x0 - x1
