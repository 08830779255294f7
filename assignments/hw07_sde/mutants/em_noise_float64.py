# must-fail: test_em_uses_only_its_generator, test_float32_and_float64
# why: the noise is always drawn in float64: float32 paths come back as float64 (and are not the specified draws)
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    dt = (t1 - t0) / n_steps
    x = x0
    for k in range(n_steps):
        t = t0 + k * dt
        z = torch.randn(x0.shape, generator=generator, dtype=torch.float64)
        x = x + drift(x, t) * dt + diffusion(t) * math.sqrt(abs(dt)) * z
    return x
