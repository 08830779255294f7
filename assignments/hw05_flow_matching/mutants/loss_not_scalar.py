# must-fail: test_cfm_loss_value, test_public_cfm_loss_constant_field
# why: the loss keeps a singleton axis: a tensor of shape (1,) instead of a scalar of shape ().
def cfm_loss(model, x0, x1, t):
    x_t = sample_path(x0, x1, t)
    return ((model(x_t, t) - target_velocity(x0, x1)) ** 2).mean().reshape(1)
