# must-fail: test_inputs_untouched
# why: right values, but x_t is turned into x0_hat in place (the caller's tensor is destroyed)
def ddim_step(eps_model, x_t, t, t_prev, z, alpha_bar, eta):
    tt = torch.full((x_t.shape[0],), t, dtype=torch.long)
    eps = eps_model(x_t, tt)
    ab, ab_prev = float(alpha_bar[t]), float(alpha_bar[t_prev])
    x0_hat = x_t.sub_(math.sqrt(1 - ab) * eps).div_(math.sqrt(ab))
    sigma = eta * math.sqrt((1 - ab_prev) / (1 - ab)) * math.sqrt(max(1 - ab / ab_prev, 0.0))
    out = math.sqrt(ab_prev) * x0_hat + math.sqrt(max(1 - ab_prev - sigma**2, 0.0)) * eps
    return out + sigma * z if sigma > 0 else out
