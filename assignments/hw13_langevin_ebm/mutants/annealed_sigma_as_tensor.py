# must-fail: test_annealed_schedule
# why: passes sigma to the score as a 0-d tensor instead of a Python float.
def annealed_langevin(score, sigmas, n_each, eps, x0, generator=None):
    eps = _check_step(eps, "eps")
    levels = torch.as_tensor(sigmas, dtype=torch.float64)
    x = x0
    for sigma in levels:
        alpha = eps * float(sigma) ** 2 / float(levels[-1]) ** 2
        for _ in range(n_each):
            z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
            x = x + alpha / 2 * score(x, sigma) + math.sqrt(alpha) * z
    return x
