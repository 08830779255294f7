# must-fail: test_generate_time_grid_and_noise
# why: the noise comes from the global RNG after torch.manual_seed(seed): the same numbers, but the global RNG is reseeded.
def generate(flow, n, n_steps=100, seed=0):
    """n samples of flow: Euler from x_0 = randn(n, flow.dim) (seeded) at t = 0 to t = 1 with
    n_steps calls flow.euler_step(x, t_k, 1 / n_steps), t_k = k / n_steps of shape (n, 1)."""
    param = next(flow.parameters(), None)
    dtype = param.dtype if param is not None else torch.get_default_dtype()
    torch.manual_seed(seed)
    x = torch.randn(n, flow.dim, dtype=dtype)
    with torch.no_grad():
        for k in range(n_steps):
            t = torch.full((n, 1), k / n_steps, dtype=dtype)
            x = flow.euler_step(x, t, 1.0 / n_steps)
    return x
