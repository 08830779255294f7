# must-fail: test_float32_and_float64
# why: right value, but the loss of float32 data comes back as float64
def ddpm_loss(eps_model, x0, t, eps, alpha_bar):
    x_t = q_sample(x0, t, eps, alpha_bar)
    return F.mse_loss(eps_model(x_t, t), eps).to(torch.float64)
