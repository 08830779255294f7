# must-fail: test_public_cfm_loss_constant_field, test_cfm_loss_value, test_float32_and_float64, test_batch_equals_feature_dim, test_cfm_loss_zero_for_exact_field, test_cfm_loss_backpropagates
# why: the squared error is summed over the coordinates and averaged over the batch only (not nn.MSELoss()).
def cfm_loss(model, x0, x1, t):
    x_t = sample_path(x0, x1, t)
    err = (model(x_t, t) - target_velocity(x0, x1)) ** 2
    return err.reshape(err.shape[0], -1).sum(1).mean()
