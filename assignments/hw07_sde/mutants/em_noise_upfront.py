# must-fail: test_em_matches_the_scheme_step_by_step
# why: all the noise is drawn in one call, torch.randn((n_steps, *x0.shape)), instead of one draw per step in order
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    dt = (t1 - t0) / n_steps
    zs = torch.randn((n_steps, *x0.shape), generator=generator, dtype=x0.dtype)
    x = x0
    for k in range(n_steps):
        t = t0 + k * dt
        x = x + drift(x, t) * dt + diffusion(t) * math.sqrt(abs(dt)) * zs[k]
    return x
