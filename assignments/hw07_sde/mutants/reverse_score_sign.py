# must-fail: test_reverse_sde_drift_formula, test_sample_reverse_gaussian_exact_score, test_sample_reverse_mixture_with_your_gmm_score
# why: f + g^2 s: the score term pushes samples away from the data
def reverse_sde_drift(x, t, score, beta_fn):
    beta = float(beta_fn(t))
    s = score(x, torch.full((x.shape[0],), float(t), dtype=x.dtype))
    return -0.5 * beta * x + beta * s
