# must-fail: test_euler_trajectory
# why: each state is stored before the step instead of after it: n + 1 entries starting at x0, but the last one is not the final state.
def euler_sample(model, x0, n_steps, return_traj=False):
    h = 1.0 / n_steps
    t_shape = (x0.shape[0],) + (1,) * (x0.dim() - 1)
    x, traj = x0, [x0]
    for k in range(n_steps):
        t = torch.full(t_shape, k / n_steps, dtype=x0.dtype)
        traj.append(x)
        x = x + h * model(x, t)
    return torch.stack(traj) if return_traj else x
