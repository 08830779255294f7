# must-fail: test_eps_model_calling_convention, test_ddim_eta0_ignores_noise, test_ddim_eta1_consecutive_equals_ddpm_posterior
# why: the model is called with the Python int t instead of a LongTensor of shape (B,)
def ddim_step(eps_model, x_t, t, t_prev, z, alpha_bar, eta):
    eps = eps_model(x_t, t)
    ab, ab_prev = float(alpha_bar[t]), float(alpha_bar[t_prev])
    x0_hat = (x_t - math.sqrt(1 - ab) * eps) / math.sqrt(ab)
    sigma = eta * math.sqrt((1 - ab_prev) / (1 - ab)) * math.sqrt(max(1 - ab / ab_prev, 0.0))
    out = math.sqrt(ab_prev) * x0_hat + math.sqrt(max(1 - ab_prev - sigma**2, 0.0)) * eps
    return out + sigma * z if sigma > 0 else out
