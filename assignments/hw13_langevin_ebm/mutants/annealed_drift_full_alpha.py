# must-fail: test_annealed_matches_loop
# why: the drift is alpha_i * score instead of alpha_i / 2 * score (not ULA with h = alpha_i / 2).
def annealed_langevin(score, sigmas, n_each, eps, x0, generator=None):
    eps = _check_step(eps, "eps")
    levels = [float(s) for s in sigmas]
    x = x0
    for sigma in levels:
        alpha = eps * sigma**2 / levels[-1] ** 2
        for _ in range(n_each):
            z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
            x = x + alpha * score(x, sigma) + math.sqrt(alpha) * z
    return x
