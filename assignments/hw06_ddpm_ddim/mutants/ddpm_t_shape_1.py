# must-fail: test_eps_model_calling_convention, test_ddim_eta1_consecutive_equals_ddpm_posterior
# why: the model gets t as a LongTensor of shape (1,) instead of (B,)
def ddpm_step(eps_model, x_t, t, z, betas, alpha_bar, var_type="posterior"):
    eps = eps_model(x_t, torch.tensor([t]))
    beta, ab, ab_prev = float(betas[t]), float(alpha_bar[t]), float(alpha_bar[t - 1])
    mean = (x_t - beta / math.sqrt(1 - ab) * eps) / math.sqrt(1 - beta)
    if t == 1:
        return mean
    var = (1 - ab_prev) * beta / (1 - ab) if var_type == "posterior" else beta
    return mean + math.sqrt(var) * z
