# must-fail: test_pf_ode_drift_formula, test_pf_minus_reverse_is_half_g2_score, test_sample_reverse_gaussian_exact_score
# why: the probability-flow ODE with the full g^2 s (the reverse SDE's drift without its noise): samples collapse
def pf_ode_drift(x, t, score, beta_fn):
    beta = float(beta_fn(t))
    s = score(x, torch.full((x.shape[0],), float(t), dtype=x.dtype))
    return -0.5 * beta * x - beta * s
