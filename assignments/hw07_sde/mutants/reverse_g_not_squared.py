# must-fail: test_reverse_sde_drift_formula, test_pf_minus_reverse_is_half_g2_score, test_sample_reverse_gaussian_exact_score
# why: the reverse drift uses g instead of g^2 in front of the score: f - sqrt(beta) s
def reverse_sde_drift(x, t, score, beta_fn):
    beta = float(beta_fn(t))
    s = score(x, torch.full((x.shape[0],), float(t), dtype=x.dtype))
    return -0.5 * beta * x - math.sqrt(beta) * s
