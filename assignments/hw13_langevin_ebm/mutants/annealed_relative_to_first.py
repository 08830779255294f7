# must-fail: test_annealed_matches_loop, test_annealed_recovers_mode_weights
# why: alpha_i = eps sigma_i^2 / sigma_1^2 (relative to the largest level, not the smallest): steps far too small.
def annealed_langevin(score, sigmas, n_each, eps, x0, generator=None):
    eps = _check_step(eps, "eps")
    levels = [float(s) for s in sigmas]
    x = x0
    for sigma in levels:
        alpha = eps * sigma**2 / levels[0] ** 2
        for _ in range(n_each):
            z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
            x = x + alpha / 2 * score(x, sigma) + math.sqrt(alpha) * z
    return x
