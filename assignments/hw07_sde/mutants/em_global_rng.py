# must-fail: test_em_uses_only_its_generator, test_em_matches_the_scheme_step_by_step, test_no_global_rng_when_noise_is_passed
# why: the noise is drawn from the global random generator, ignoring `generator`
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    dt = (t1 - t0) / n_steps
    x = x0
    for k in range(n_steps):
        t = t0 + k * dt
        z = torch.randn(x.shape, dtype=x.dtype)
        x = x + drift(x, t) * dt + diffusion(t) * math.sqrt(abs(dt)) * z
    return x
