# must-fail: test_ddim_eta1_consecutive_equals_ddpm_posterior, test_ddim_step_matches_formula_for_any_eta
# why: sigma uses 1 - alpha_bar_p / alpha_bar_t (inverted ratio, negative), silently clipped to 0: eta has no effect
def ddim_step(eps_model, x_t, t, t_prev, z, alpha_bar, eta):
    tt = torch.full((x_t.shape[0],), t, dtype=torch.long)
    eps = eps_model(x_t, tt)
    ab, ab_prev = float(alpha_bar[t]), float(alpha_bar[t_prev])
    x0_hat = (x_t - math.sqrt(1 - ab) * eps) / math.sqrt(ab)
    sigma = eta * math.sqrt((1 - ab_prev) / (1 - ab)) * math.sqrt(max(1 - ab_prev / ab, 0.0))
    out = math.sqrt(ab_prev) * x0_hat + math.sqrt(max(1 - ab_prev - sigma**2, 0.0)) * eps
    return out + sigma * z if sigma > 0 else out
