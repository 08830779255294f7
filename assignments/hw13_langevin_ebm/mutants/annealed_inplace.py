# must-fail: test_inputs_dtype_global_rng
# why: updates x in place (x += ...) starting from x0 itself, modifying the caller's tensor.
def annealed_langevin(score, sigmas, n_each, eps, x0, generator=None):
    eps = _check_step(eps, "eps")
    levels = [float(s) for s in sigmas]
    x = x0
    for sigma in levels:
        alpha = eps * sigma**2 / levels[-1] ** 2
        for _ in range(n_each):
            z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
            x += alpha / 2 * score(x, sigma) + math.sqrt(alpha) * z
    return x
