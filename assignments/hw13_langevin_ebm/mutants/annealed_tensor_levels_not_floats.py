# must-fail: test_annealed_schedule
# why: iterates the sigmas as given: with a tensor of sigmas the score receives 0-d tensors, not Python floats.
def annealed_langevin(score, sigmas, n_each, eps, x0, generator=None):
    eps = _check_step(eps, "eps")
    levels = list(sigmas)
    x = x0
    for sigma in levels:
        alpha = eps * float(sigma) ** 2 / float(levels[-1]) ** 2
        for _ in range(n_each):
            z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
            x = x + alpha / 2 * score(x, sigma) + math.sqrt(alpha) * z
    return x
