# must-fail: test_cfm_loss_backpropagates
# why: the model's output is detached, so the loss has the right value but trains nothing.
def cfm_loss(model, x0, x1, t):
    x_t = sample_path(x0, x1, t)
    return ((model(x_t, t).detach() - target_velocity(x0, x1)) ** 2).mean()
