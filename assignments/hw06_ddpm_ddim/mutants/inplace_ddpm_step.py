# must-fail: test_inputs_untouched
# why: right values, but x_t is updated in place (the caller's tensor is destroyed)
def ddpm_step(eps_model, x_t, t, z, betas, alpha_bar, var_type="posterior"):
    tt = torch.full((x_t.shape[0],), t, dtype=torch.long)
    eps = eps_model(x_t, tt)
    beta, ab, ab_prev = float(betas[t]), float(alpha_bar[t]), float(alpha_bar[t - 1])
    x_t -= beta / math.sqrt(1 - ab) * eps
    x_t /= math.sqrt(1 - beta)
    if t == 1:
        return x_t
    var = (1 - ab_prev) * beta / (1 - ab) if var_type == "posterior" else beta
    return x_t + math.sqrt(var) * z
