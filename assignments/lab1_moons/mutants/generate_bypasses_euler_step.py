# must-fail: test_public_generate_calls_euler_step, test_generate_time_grid_and_noise
# why: generate calls flow(x, t) itself instead of flow.euler_step (the pinned interface).
def generate(flow, n, n_steps=100, seed=0):
    dtype = next(flow.parameters()).dtype
    x = torch.randn(n, flow.dim, generator=torch.Generator().manual_seed(seed), dtype=dtype)
    with torch.no_grad():
        for k in range(n_steps):
            x = x + flow(x, torch.full((n, 1), k / n_steps, dtype=dtype)) / n_steps
    return x
