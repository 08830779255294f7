# must-fail: test_em_draws_even_without_noise
# why: no z is drawn on a step whose diffusion is zero: every later step uses the generator's draws shifted by one
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    dt = (t1 - t0) / n_steps
    x = x0
    for k in range(n_steps):
        t = t0 + k * dt
        g = diffusion(t)
        x = x + drift(x, t) * dt
        if g != 0:
            x = x + g * math.sqrt(abs(dt)) * torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
    return x
