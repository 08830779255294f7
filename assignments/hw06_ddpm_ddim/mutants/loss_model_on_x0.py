# must-fail: test_ddpm_loss_value
# why: the model is asked for the noise of the clean x0 instead of the noised x_t
def ddpm_loss(eps_model, x0, t, eps, alpha_bar):
    return F.mse_loss(eps_model(x0, t), eps)
