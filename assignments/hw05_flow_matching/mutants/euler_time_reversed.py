# must-fail: test_euler_time_grid, test_public_euler_time_grid, test_euler_trajectory
# why: integrates with time running backwards (t = 1 - (k + 1) / n, from (n - 1) / n down to 0): the field is evaluated as if data were at t = 0.
def euler_sample(model, x0, n_steps, return_traj=False):
    h = 1.0 / n_steps
    t_shape = (x0.shape[0],) + (1,) * (x0.dim() - 1)
    x, traj = x0, [x0]
    for k in range(n_steps):
        t = torch.full(t_shape, 1 - (k + 1) / n_steps, dtype=x0.dtype)
        x = x + h * model(x, t)
        traj.append(x)
    return torch.stack(traj) if return_traj else x
