# must-fail: test_em_time_grid, test_em_matches_the_scheme_step_by_step, test_em_zero_diffusion_is_euler
# why: drift and diffusion evaluated at the end of each step, t_{k+1} = t0 + (k + 1) h, instead of its start
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    dt = (t1 - t0) / n_steps
    x = x0
    for k in range(n_steps):
        t = t0 + (k + 1) * dt
        z = torch.randn(x.shape, generator=generator, dtype=x.dtype)
        x = x + drift(x, t) * dt + diffusion(t) * math.sqrt(abs(dt)) * z
    return x
