# must-fail: test_euler_trajectory
# why: the trajectory holds only the n states after each step, shape (n, *x0.shape): x0 is missing.
def euler_sample(model, x0, n_steps, return_traj=False):
    h = 1.0 / n_steps
    t_shape = (x0.shape[0],) + (1,) * (x0.dim() - 1)
    x, traj = x0, []
    for k in range(n_steps):
        t = torch.full(t_shape, k / n_steps, dtype=x0.dtype)
        x = x + h * model(x, t)
        traj.append(x)
    return torch.stack(traj) if return_traj else x
