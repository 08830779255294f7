# must-fail: test_public_euler_time_grid, test_euler_time_grid, test_euler_constant_field, test_euler_trajectory, test_euler_exact_field_lands_on_point, test_inputs_untouched, test_float32_and_float64, test_no_global_rng, test_batch_equals_feature_dim
# why: the model gets t of shape (B,) instead of (B, 1); inside a field it broadcasts against the feature axis.
def euler_sample(model, x0, n_steps, return_traj=False):
    h = 1.0 / n_steps
    x, traj = x0, [x0]
    for k in range(n_steps):
        t = torch.full((x0.shape[0],), k / n_steps, dtype=x0.dtype)
        x = x + h * model(x, t)
        traj.append(x)
    return torch.stack(traj) if return_traj else x
