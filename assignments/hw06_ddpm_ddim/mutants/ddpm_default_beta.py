# must-fail: test_ddpm_step_true_noise_oracle_gives_posterior_mean, test_eps_model_calling_convention
# why: the default var_type is 'beta' instead of 'posterior'
def ddpm_step(eps_model, x_t, t, z, betas, alpha_bar, var_type="beta"):
    tt = torch.full((x_t.shape[0],), t, dtype=torch.long)
    eps = eps_model(x_t, tt)
    beta, ab, ab_prev = float(betas[t]), float(alpha_bar[t]), float(alpha_bar[t - 1])
    mean = (x_t - beta / math.sqrt(1 - ab) * eps) / math.sqrt(1 - beta)
    if t == 1:
        return mean
    var = (1 - ab_prev) * beta / (1 - ab) if var_type == "posterior" else beta
    return mean + math.sqrt(var) * z
