# must-fail: test_ddpm_step_true_noise_oracle_gives_posterior_mean, test_ddim_eta1_consecutive_equals_ddpm_posterior, test_public_ddpm_step_true_noise_at_t1, test_ddpm_step_chain_with_exact_oracle
# why: the DDPM mean uses beta_t / (1 - alpha_bar_t) instead of beta_t / sqrt(1 - alpha_bar_t) in front of eps
def ddpm_step(eps_model, x_t, t, z, betas, alpha_bar, var_type="posterior"):
    tt = torch.full((x_t.shape[0],), t, dtype=torch.long)
    eps = eps_model(x_t, tt)
    beta, ab, ab_prev = float(betas[t]), float(alpha_bar[t]), float(alpha_bar[t - 1])
    mean = (x_t - beta / (1 - ab) * eps) / math.sqrt(1 - beta)
    if t == 1:
        return mean
    var = (1 - ab_prev) * beta / (1 - ab) if var_type == "posterior" else beta
    return mean + math.sqrt(var) * z
