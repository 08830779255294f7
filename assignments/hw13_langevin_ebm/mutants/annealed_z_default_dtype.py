# must-fail: test_annealed_matches_loop
# why: draws z in torch's default dtype (float32), not x0.dtype: other numbers from the same generator.
def annealed_langevin(score, sigmas, n_each, eps, x0, generator=None):
    eps = _check_step(eps, "eps")
    levels = [float(s) for s in sigmas]
    x = x0
    for sigma in levels:
        alpha = eps * sigma**2 / levels[-1] ** 2
        for _ in range(n_each):
            z = torch.randn(x0.shape, generator=generator).to(x0.dtype)
            x = x + alpha / 2 * score(x, sigma) + math.sqrt(alpha) * z
    return x
