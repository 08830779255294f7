# must-fail: test_annealed_schedule, test_annealed_matches_loop
# why: uses the levels smallest first (reversed), not in the order given.
def annealed_langevin(score, sigmas, n_each, eps, x0, generator=None):
    eps = _check_step(eps, "eps")
    levels = [float(s) for s in sigmas]
    x = x0
    for sigma in reversed(levels):
        alpha = eps * sigma**2 / levels[-1] ** 2
        for _ in range(n_each):
            z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
            x = x + alpha / 2 * score(x, sigma) + math.sqrt(alpha) * z
    return x
