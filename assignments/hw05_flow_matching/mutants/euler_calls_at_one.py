# must-fail: test_euler_time_grid, test_public_euler_time_grid
# why: also evaluates the field at t = 1 after the last step (result unused): n + 1 calls, and the closed-form field is singular there.
def euler_sample(model, x0, n_steps, return_traj=False):
    h = 1.0 / n_steps
    t_shape = (x0.shape[0],) + (1,) * (x0.dim() - 1)
    x, traj = x0, [x0]
    for k in range(n_steps):
        t = torch.full(t_shape, k / n_steps, dtype=x0.dtype)
        x = x + h * model(x, t)
        traj.append(x)
    model(x, torch.ones(t_shape, dtype=x0.dtype))
    return torch.stack(traj) if return_traj else x
