# must-fail: test_em_zero_diffusion_is_euler, test_public_em_without_noise_is_euler, test_sample_reverse_ode_is_euler_on_pf_drift, test_sample_reverse_gaussian_exact_score
# why: the step size is taken as |h| everywhere: integrating backwards in time (t1 < t0) still moves along +f
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    dt = abs(t1 - t0) / n_steps
    sign = 1.0 if t1 >= t0 else -1.0
    x = x0
    for k in range(n_steps):
        t = t0 + sign * k * dt
        z = torch.randn(x.shape, generator=generator, dtype=x.dtype)
        x = x + drift(x, t) * dt + diffusion(t) * math.sqrt(dt) * z
    return x
