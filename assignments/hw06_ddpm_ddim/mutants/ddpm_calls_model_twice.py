# must-fail: test_eps_model_calling_convention
# why: right value, but eps_model is called twice per step
def ddpm_step(eps_model, x_t, t, z, betas, alpha_bar, var_type="posterior"):
    tt = torch.full((x_t.shape[0],), t, dtype=torch.long)
    eps_model(x_t, tt)
    eps = eps_model(x_t, tt)
    beta, ab, ab_prev = float(betas[t]), float(alpha_bar[t]), float(alpha_bar[t - 1])
    mean = (x_t - beta / math.sqrt(1 - ab) * eps) / math.sqrt(1 - beta)
    if t == 1:
        return mean
    var = (1 - ab_prev) * beta / (1 - ab) if var_type == "posterior" else beta
    return mean + math.sqrt(var) * z
