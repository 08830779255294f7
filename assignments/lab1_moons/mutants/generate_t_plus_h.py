# must-fail: test_public_generate_calls_euler_step, test_generate_time_grid_and_noise, test_generate_closed_form_reproduces_training_points
# why: each step evaluates the field at the end of the step, (k + 1) / n, instead of its start.
def generate(flow, n, n_steps=100, seed=0):
    dtype = next(flow.parameters()).dtype
    x = torch.randn(n, flow.dim, generator=torch.Generator().manual_seed(seed), dtype=dtype)
    with torch.no_grad():
        for k in range(n_steps):
            x = flow.euler_step(x, torch.full((n, 1), (k + 1) / n_steps, dtype=dtype), 1.0 / n_steps)
    return x
