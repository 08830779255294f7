# must-fail: test_em_time_grid, test_em_zero_diffusion_is_euler
# why: h = (t1 - t0) / n_steps but only n_steps - 1 steps are taken (range(1, n_steps)): the solver stops short of t1
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    dt = (t1 - t0) / n_steps
    x = x0
    for k in range(1, n_steps):
        t = t0 + (k - 1) * dt
        z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
        x = x + drift(x, t) * dt + diffusion(t) * math.sqrt(abs(dt)) * z
    return x
