# must-fail: test_vp_marginal_closed_form
# why: t is flattened first (t.reshape(-1)): the results have shape (numel,), not the shape of t
def vp_marginal(t, beta_min=0.1, beta_max=20.0):
    t = t if isinstance(t, torch.Tensor) else torch.tensor(float(t), dtype=torch.float64)
    t = t.reshape(-1)
    big_b = beta_min * t + 0.5 * (beta_max - beta_min) * t * t
    return torch.exp(-0.5 * big_b), torch.sqrt(-torch.expm1(-big_b))
