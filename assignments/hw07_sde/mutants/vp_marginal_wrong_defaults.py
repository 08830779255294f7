# must-fail: test_vp_marginal_matches_forward_sde_simulation
# why: the defaults are swapped (beta_min = 20, beta_max = 0.1): vp_marginal(t) is not the kernel of the course's VP SDE (it agrees at t = 0 and t = 1 only)
def vp_marginal(t, beta_min=20.0, beta_max=0.1):
    t = t if isinstance(t, torch.Tensor) else torch.tensor(float(t), dtype=torch.float64)
    big_b = beta_min * t + 0.5 * (beta_max - beta_min) * t * t
    return torch.exp(-0.5 * big_b), torch.sqrt(-torch.expm1(-big_b))
