# must-fail: test_inputs_untouched
# why: the state is updated in place starting from x0 itself (x = x0; x += ...): the caller's x0 is overwritten
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    dt = (t1 - t0) / n_steps
    x = x0
    for k in range(n_steps):
        t = t0 + k * dt
        z = torch.randn(x.shape, generator=generator, dtype=x.dtype)
        x += drift(x, t) * dt + diffusion(t) * math.sqrt(abs(dt)) * z
    return x
