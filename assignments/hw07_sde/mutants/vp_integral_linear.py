# must-fail: test_vp_marginal_closed_form, test_public_vp_marginal_values, test_vp_marginal_matches_forward_sde_simulation
# why: B(t) = beta_max t instead of the integral beta_min t + (beta_max - beta_min) t^2 / 2
def vp_marginal(t, beta_min=0.1, beta_max=20.0):
    t = t if isinstance(t, torch.Tensor) else torch.tensor(float(t), dtype=torch.float64)
    big_b = beta_max * t
    return torch.exp(-0.5 * big_b), torch.sqrt(-torch.expm1(-big_b))
