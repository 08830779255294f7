# must-fail: test_ddim_step_matches_formula_for_any_eta
# why: the step to t_prev = 0 is special-cased with a DDPM-like sigma = eta sqrt(1 - alpha_bar_t): noise is added at the end
def ddim_step(eps_model, x_t, t, t_prev, z, alpha_bar, eta):
    tt = torch.full((x_t.shape[0],), t, dtype=torch.long)
    eps = eps_model(x_t, tt)
    ab, ab_prev = float(alpha_bar[t]), float(alpha_bar[t_prev])
    x0_hat = (x_t - math.sqrt(1 - ab) * eps) / math.sqrt(ab)
    if t_prev == 0:
        return x0_hat + eta * math.sqrt(1 - ab) * z
    sigma = eta * math.sqrt((1 - ab_prev) / (1 - ab)) * math.sqrt(max(1 - ab / ab_prev, 0.0))
    out = math.sqrt(ab_prev) * x0_hat + math.sqrt(max(1 - ab_prev - sigma**2, 0.0)) * eps
    return out + sigma * z if sigma > 0 else out
