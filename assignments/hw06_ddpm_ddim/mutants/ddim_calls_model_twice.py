# must-fail: test_eps_model_calling_convention
# why: right value, but eps_model is called twice per DDIM step (so twice per sampling step too)
def ddim_step(eps_model, x_t, t, t_prev, z, alpha_bar, eta):
    tt = torch.full((x_t.shape[0],), t, dtype=torch.long)
    eps_model(x_t, tt)
    eps = eps_model(x_t, tt)
    ab, ab_prev = float(alpha_bar[t]), float(alpha_bar[t_prev])
    x0_hat = (x_t - math.sqrt(1 - ab) * eps) / math.sqrt(ab)
    sigma = eta * math.sqrt((1 - ab_prev) / (1 - ab)) * math.sqrt(max(1 - ab / ab_prev, 0.0))
    out = math.sqrt(ab_prev) * x0_hat + math.sqrt(max(1 - ab_prev - sigma**2, 0.0)) * eps
    return out + sigma * z if sigma > 0 else out
