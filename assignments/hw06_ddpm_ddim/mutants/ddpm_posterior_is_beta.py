# must-fail: test_ddpm_step_true_noise_oracle_gives_posterior_mean, test_ddim_eta1_consecutive_equals_ddpm_posterior
# why: var_type='posterior' uses beta_t as the variance (both variance types give beta_t)
def ddpm_step(eps_model, x_t, t, z, betas, alpha_bar, var_type="posterior"):
    tt = torch.full((x_t.shape[0],), t, dtype=torch.long)
    eps = eps_model(x_t, tt)
    beta, ab = float(betas[t]), float(alpha_bar[t])
    mean = (x_t - beta / math.sqrt(1 - ab) * eps) / math.sqrt(1 - beta)
    if t == 1:
        return mean
    return mean + math.sqrt(beta) * z
