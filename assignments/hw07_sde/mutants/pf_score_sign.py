# must-fail: test_pf_ode_drift_formula, test_pf_minus_reverse_is_half_g2_score
# why: f + g^2 s / 2: the probability-flow ODE pushed away from the data
def pf_ode_drift(x, t, score, beta_fn):
    beta = float(beta_fn(t))
    s = score(x, torch.full((x.shape[0],), float(t), dtype=x.dtype))
    return -0.5 * beta * (x - s)
