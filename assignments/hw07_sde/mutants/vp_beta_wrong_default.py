# must-fail: test_vp_beta_closed_form
# why: the default beta_max is 10 (not 20): the default schedule is not the course's
def vp_beta(t, beta_min=0.1, beta_max=10.0):
    t = t if isinstance(t, torch.Tensor) else torch.tensor(float(t), dtype=torch.float64)
    return beta_min + t * (beta_max - beta_min)
