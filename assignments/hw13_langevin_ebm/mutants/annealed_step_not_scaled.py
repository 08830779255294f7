# must-fail: test_annealed_matches_loop, test_annealed_recovers_mode_weights
# why: the same step eps at every level, not scaled by sigma_i^2 / sigma_L^2: the chains never move between modes.
def annealed_langevin(score, sigmas, n_each, eps, x0, generator=None):
    eps = _check_step(eps, "eps")
    x = x0
    for sigma in [float(s) for s in sigmas]:
        for _ in range(n_each):
            z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
            x = x + eps / 2 * score(x, sigma) + math.sqrt(eps) * z
    return x
