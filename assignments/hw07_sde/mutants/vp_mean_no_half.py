# must-fail: test_vp_marginal_closed_form, test_vp_marginal_unit_variance, test_public_vp_marginal_values
# why: a_t = exp(-B) (the mean decays twice too fast; a_t^2 + sigma_t^2 != 1)
def vp_marginal(t, beta_min=0.1, beta_max=20.0):
    t = t if isinstance(t, torch.Tensor) else torch.tensor(float(t), dtype=torch.float64)
    big_b = beta_min * t + 0.5 * (beta_max - beta_min) * t * t
    return torch.exp(-big_b), torch.sqrt(-torch.expm1(-big_b))
