# must-fail: test_drift_calling_convention
# why: pf_ode_drift built as reverse_sde_drift + g^2 s / 2: the right value, but the score is evaluated twice
def pf_ode_drift(x, t, score, beta_fn):
    beta = float(beta_fn(t))
    s = score(x, torch.full((x.shape[0],), float(t), dtype=x.dtype))
    return reverse_sde_drift(x, t, score, beta_fn) + 0.5 * beta * s
