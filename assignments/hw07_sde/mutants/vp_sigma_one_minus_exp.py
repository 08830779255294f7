# must-fail: test_vp_marginal_small_t_keeps_digits
# why: sigma_t^2 computed as 1 - exp(-B) instead of -expm1(-B): for small t the subtraction cancels and sigma_t loses its digits
def vp_marginal(t, beta_min=0.1, beta_max=20.0):
    t = t if isinstance(t, torch.Tensor) else torch.tensor(float(t), dtype=torch.float64)
    big_b = beta_min * t + 0.5 * (beta_max - beta_min) * t * t
    return torch.exp(-0.5 * big_b), torch.sqrt(1 - torch.exp(-big_b))
