# must-fail: test_vp_beta_closed_form
# why: a Python float t gives a Python float back, not a 0-dim float64 tensor
def vp_beta(t, beta_min=0.1, beta_max=20.0):
    return beta_min + t * (beta_max - beta_min)
