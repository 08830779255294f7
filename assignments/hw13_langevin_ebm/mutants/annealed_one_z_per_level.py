# must-fail: test_annealed_matches_loop
# why: draws one z per level and reuses it for the n_each steps of the level (not one draw per step).
def annealed_langevin(score, sigmas, n_each, eps, x0, generator=None):
    eps = _check_step(eps, "eps")
    levels = [float(s) for s in sigmas]
    x = x0
    for sigma in levels:
        alpha = eps * sigma**2 / levels[-1] ** 2
        z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
        for _ in range(n_each):
            x = x + alpha / 2 * score(x, sigma) + math.sqrt(alpha) * z
    return x
