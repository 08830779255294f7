# must-fail: test_euler_time_grid, test_euler_constant_field
# why: t always has shape (B, 1), also for image batches (B, C, H, W), where it must be (B, 1, 1, 1).
def euler_sample(model, x0, n_steps, return_traj=False):
    h = 1.0 / n_steps
    x, traj = x0, [x0]
    for k in range(n_steps):
        t = torch.full((x0.shape[0], 1), k / n_steps, dtype=x0.dtype)
        x = x + h * model(x, t)
        traj.append(x)
    return torch.stack(traj) if return_traj else x
