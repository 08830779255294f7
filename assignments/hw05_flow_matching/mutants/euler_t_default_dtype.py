# must-fail: test_euler_time_grid, test_euler_constant_field, test_euler_trajectory, test_euler_exact_field_lands_on_point, test_inputs_untouched, test_float32_and_float64, test_no_global_rng, test_batch_equals_feature_dim
# why: t is built with torch.full(...) without a dtype, so it is float32 even when x0 is float64.
def euler_sample(model, x0, n_steps, return_traj=False):
    h = 1.0 / n_steps
    t_shape = (x0.shape[0],) + (1,) * (x0.dim() - 1)
    x, traj = x0, [x0]
    for k in range(n_steps):
        t = torch.full(t_shape, k / n_steps)
        x = x + h * model(x, t)
        traj.append(x)
    return torch.stack(traj) if return_traj else x
