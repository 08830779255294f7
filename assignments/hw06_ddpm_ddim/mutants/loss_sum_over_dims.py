# must-fail: test_ddpm_loss_value
# why: squared error summed over the feature axis, then averaged over the batch (not a mean over all elements)
def ddpm_loss(eps_model, x0, t, eps, alpha_bar):
    x_t = q_sample(x0, t, eps, alpha_bar)
    return ((eps - eps_model(x_t, t)) ** 2).sum(dim=1).mean()
