# must-fail: test_ddpm_loss_gradients
# why: the loss is computed under no_grad: right value, but training gets no gradient
def ddpm_loss(eps_model, x0, t, eps, alpha_bar):
    with torch.no_grad():
        x_t = q_sample(x0, t, eps, alpha_bar)
        return F.mse_loss(eps_model(x_t, t), eps)
