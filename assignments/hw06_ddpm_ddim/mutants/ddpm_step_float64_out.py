# must-fail: test_float32_and_float64
# why: right values, but float32 data come back as float64 (the step is finished in the dtype of the schedule)
def ddpm_step(eps_model, x_t, t, z, betas, alpha_bar, var_type="posterior"):
    tt = torch.full((x_t.shape[0],), t, dtype=torch.long)
    eps = eps_model(x_t, tt)
    beta, ab, ab_prev = betas[t], alpha_bar[t], alpha_bar[t - 1]
    mean = (x_t.to(betas.dtype) - beta / (1 - ab).sqrt() * eps) / (1 - beta).sqrt()
    if t == 1:
        return mean
    var = (1 - ab_prev) * beta / (1 - ab) if var_type == "posterior" else beta
    return mean + var.sqrt() * z
