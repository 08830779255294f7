# must-fail: test_em_matches_the_scheme_step_by_step, test_em_zero_diffusion_is_euler
# why: returns the whole path, stacked (n_steps + 1, B, D), instead of only the final state x_n
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    dt = (t1 - t0) / n_steps
    xs = [x0]
    for k in range(n_steps):
        t = t0 + k * dt
        z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
        xs.append(xs[-1] + drift(xs[-1], t) * dt + diffusion(t) * math.sqrt(abs(dt)) * z)
    return torch.stack(xs)
