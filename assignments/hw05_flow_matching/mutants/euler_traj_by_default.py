# must-fail: test_euler_constant_field, test_euler_time_grid, test_public_euler_time_grid, test_euler_exact_field_lands_on_point, test_euler_trajectory
# why: return_traj defaults to True: without the argument it returns the trajectory (n + 1, *x0.shape), not the final state.
def euler_sample(model, x0, n_steps, return_traj=True):
    h = 1.0 / n_steps
    t_shape = (x0.shape[0],) + (1,) * (x0.dim() - 1)
    x, traj = x0, [x0]
    for k in range(n_steps):
        t = torch.full(t_shape, k / n_steps, dtype=x0.dtype)
        x = x + h * model(x, t)
        traj.append(x)
    return torch.stack(traj) if return_traj else x
