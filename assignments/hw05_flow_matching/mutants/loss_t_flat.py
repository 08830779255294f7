# must-fail: test_cfm_loss_calls_model_once, test_cfm_loss_value, test_public_cfm_loss_constant_field
# why: the model is called with t flattened to shape (B,) instead of the (B, 1) tensor it was given.
def cfm_loss(model, x0, x1, t):
    x_t = sample_path(x0, x1, t)
    return ((model(x_t, t.reshape(-1)) - target_velocity(x0, x1)) ** 2).mean()
