# must-fail: test_drift_calling_convention, test_reverse_sde_drift_formula, test_pf_ode_drift_formula
# why: the score is called with the float t instead of a tensor of shape (B,)
def reverse_sde_drift(x, t, score, beta_fn):
    beta = float(beta_fn(t))
    return -0.5 * beta * x - beta * score(x, t)


def pf_ode_drift(x, t, score, beta_fn):
    beta = float(beta_fn(t))
    return -0.5 * beta * (x + score(x, t))
