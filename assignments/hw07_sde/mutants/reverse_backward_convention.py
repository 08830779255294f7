# must-fail: test_reverse_sde_drift_formula, test_sample_reverse_sde_is_em_on_reverse_drift
# why: returns the drift in backward-time convention, -(f - g^2 s): the solver with h < 0 then reverses it a second time
def reverse_sde_drift(x, t, score, beta_fn):
    beta = float(beta_fn(t))
    s = score(x, torch.full((x.shape[0],), float(t), dtype=x.dtype))
    return 0.5 * beta * x + beta * s
