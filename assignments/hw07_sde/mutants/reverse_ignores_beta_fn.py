# must-fail: test_reverse_sde_drift_formula
# why: uses the linear vp_beta(t) instead of the beta_fn it is given
def reverse_sde_drift(x, t, score, beta_fn):
    beta = float(vp_beta(t))
    s = score(x, torch.full((x.shape[0],), float(t), dtype=x.dtype))
    return -0.5 * beta * x - beta * s
