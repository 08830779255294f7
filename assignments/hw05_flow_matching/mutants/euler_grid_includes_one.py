# must-fail: test_public_euler_time_grid, test_euler_time_grid, test_euler_exact_field_lands_on_point, test_euler_trajectory, test_float32_and_float64, test_batch_equals_feature_dim
# why: the time grid is linspace(0, 1, n): it reaches t = 1 (where the exact field is singular) and is not k / n.
def euler_sample(model, x0, n_steps, return_traj=False):
    h = 1.0 / n_steps
    t_shape = (x0.shape[0],) + (1,) * (x0.dim() - 1)
    x, traj = x0, [x0]
    for tk in torch.linspace(0, 1, n_steps, dtype=torch.float64).tolist():
        t = torch.full(t_shape, tk, dtype=x0.dtype)
        x = x + h * model(x, t)
        traj.append(x)
    return torch.stack(traj) if return_traj else x
