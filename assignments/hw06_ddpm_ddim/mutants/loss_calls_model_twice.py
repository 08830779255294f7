# must-fail: test_eps_model_calling_convention
# why: right value, but eps_model is called twice (a wasted forward pass, and twice the memory in training)
def ddpm_loss(eps_model, x0, t, eps, alpha_bar):
    x_t = q_sample(x0, t, eps, alpha_bar)
    eps_model(x_t, t)
    return F.mse_loss(eps_model(x_t, t), eps)
