# must-fail: test_em_matches_the_scheme_step_by_step, test_em_ou_statistics, test_em_brownian_variance
# why: the Brownian increment is scaled by |h| instead of sqrt(|h|): the noise vanishes as the grid is refined
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    dt = (t1 - t0) / n_steps
    x = x0
    for k in range(n_steps):
        t = t0 + k * dt
        z = torch.randn(x.shape, generator=generator, dtype=x.dtype)
        x = x + drift(x, t) * dt + diffusion(t) * abs(dt) * z
    return x
