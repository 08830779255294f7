# must-fail: test_drift_calling_convention
# why: the score's time tensor is built with torch.full((B,), t) in torch's default dtype (float32), not the dtype of x
def reverse_sde_drift(x, t, score, beta_fn):
    beta = float(beta_fn(t))
    return -0.5 * beta * x - beta * score(x, torch.full((x.shape[0],), float(t)))


def pf_ode_drift(x, t, score, beta_fn):
    beta = float(beta_fn(t))
    return -0.5 * beta * (x + score(x, torch.full((x.shape[0],), float(t))))
