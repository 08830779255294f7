# must-fail: test_public_cfm_loss_constant_field, test_cfm_loss_value, test_cfm_loss_zero_for_exact_field, test_float32_and_float64, test_batch_equals_feature_dim, test_cfm_loss_backpropagates
# why: the squared errors are summed instead of averaged over the batch and the coordinates.
def cfm_loss(model, x0, x1, t):
    x_t = sample_path(x0, x1, t)
    return ((model(x_t, t) - target_velocity(x0, x1)) ** 2).sum()
