# must-fail: test_ddpm_loss_value
# why: one loss per sample (shape (B,)) instead of the scalar mean over all elements
def ddpm_loss(eps_model, x0, t, eps, alpha_bar):
    x_t = q_sample(x0, t, eps, alpha_bar)
    return ((eps - eps_model(x_t, t)) ** 2).reshape(x0.shape[0], -1).mean(dim=1)
