# must-fail: test_euler_constant_field, test_euler_time_grid, test_euler_trajectory
# why: each step adds model(x, t_k) without the step size 1/n: x_{k+1} = x_k + u(x_k, t_k).
def euler_sample(model, x0, n_steps, return_traj=False):
    t_shape = (x0.shape[0],) + (1,) * (x0.dim() - 1)
    x, traj = x0, [x0]
    for k in range(n_steps):
        t = torch.full(t_shape, k / n_steps, dtype=x0.dtype)
        x = x + model(x, t)
        traj.append(x)
    return torch.stack(traj) if return_traj else x
