# must-fail: test_em_matches_the_scheme_step_by_step, test_em_uses_only_its_generator
# why: z drawn without dtype (float32 by default) and added to float64 paths: not the specified draws
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    dt = (t1 - t0) / n_steps
    x = x0
    for k in range(n_steps):
        t = t0 + k * dt
        z = torch.randn(x.shape, generator=generator)
        x = x + drift(x, t) * dt + (diffusion(t) * math.sqrt(abs(dt)) * z).to(x.dtype)
    return x
