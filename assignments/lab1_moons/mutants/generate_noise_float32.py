# must-fail: test_generate_closed_form_reproduces_training_points
# why: the noise is drawn in torch's default dtype (float32) instead of the dtype of the flow's parameters.
def generate(flow, n, n_steps=100, seed=0):
    """n samples of flow: Euler from x_0 = randn(n, flow.dim) (seeded) at t = 0 to t = 1 with
    n_steps calls flow.euler_step(x, t_k, 1 / n_steps), t_k = k / n_steps of shape (n, 1)."""
    param = next(flow.parameters(), None)
    dtype = param.dtype if param is not None else torch.get_default_dtype()
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(n, flow.dim, generator=gen)
    with torch.no_grad():
        for k in range(n_steps):
            t = torch.full((n, 1), k / n_steps, dtype=x.dtype)
            x = flow.euler_step(x, t, 1.0 / n_steps)
    return x
