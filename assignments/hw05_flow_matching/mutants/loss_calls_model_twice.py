# must-fail: test_cfm_loss_calls_model_once
# why: evaluates the model twice and averages the two outputs: the same value for a deterministic model, but twice the cost (and two different dropout masks).
def cfm_loss(model, x0, x1, t):
    x_t = sample_path(x0, x1, t)
    u = 0.5 * (model(x_t, t) + model(x_t, t))
    return ((u - target_velocity(x0, x1)) ** 2).mean()
