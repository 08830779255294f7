# must-fail: test_inputs_untouched
# why: right value, but the residual is computed into the caller's eps in place
def ddpm_loss(eps_model, x0, t, eps, alpha_bar):
    x_t = q_sample(x0, t, eps, alpha_bar)
    diff = eps.sub_(eps_model(x_t, t))
    return (diff**2).mean()
