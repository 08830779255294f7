# must-fail: test_vp_marginal_unit_variance
# why: a Python float t becomes torch.tensor(t) (float32, torch's default dtype) instead of a float64 tensor
def vp_marginal(t, beta_min=0.1, beta_max=20.0):
    t = t if isinstance(t, torch.Tensor) else torch.tensor(t)
    big_b = beta_min * t + 0.5 * (beta_max - beta_min) * t * t
    return torch.exp(-0.5 * big_b), torch.sqrt(-torch.expm1(-big_b))
