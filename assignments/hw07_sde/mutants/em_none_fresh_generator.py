# must-fail: test_generator_none_means_global
# why: generator=None is replaced by a fresh torch.Generator() (always the same default seed), not the global generator
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    if generator is None:
        generator = torch.Generator()
    dt = (t1 - t0) / n_steps
    x = x0
    for k in range(n_steps):
        t = t0 + k * dt
        z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
        x = x + drift(x, t) * dt + diffusion(t) * math.sqrt(abs(dt)) * z
    return x
