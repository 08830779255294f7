# must-fail: test_vp_beta_closed_form
# why: beta(t) = beta_min + t beta_max: the slope is beta_max instead of beta_max - beta_min
def vp_beta(t, beta_min=0.1, beta_max=20.0):
    t = t if isinstance(t, torch.Tensor) else torch.tensor(float(t), dtype=torch.float64)
    return beta_min + t * beta_max
