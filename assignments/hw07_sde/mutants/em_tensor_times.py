# must-fail: test_em_time_grid
# why: the times t_k come from torch.linspace as 0-dim tensors: drift and diffusion get tensors, not Python floats
def euler_maruyama(drift, diffusion, x0, t0, t1, n_steps, generator=None):
    dt = (t1 - t0) / n_steps
    ts = torch.linspace(t0, t1, n_steps + 1, dtype=torch.float64)
    x = x0
    for k in range(n_steps):
        t = ts[k]
        z = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
        x = x + drift(x, t) * dt + float(diffusion(t)) * math.sqrt(abs(dt)) * z
    return x
