# must-fail: test_inputs_untouched, test_euler_trajectory, test_float32_and_float64, test_batch_equals_feature_dim
# why: x = x0 then x += h * u(x, t) updates the caller's x0 in place (and every stored state is the same tensor).
def euler_sample(model, x0, n_steps, return_traj=False):
    h = 1.0 / n_steps
    t_shape = (x0.shape[0],) + (1,) * (x0.dim() - 1)
    x = x0
    traj = [x]
    for k in range(n_steps):
        t = torch.full(t_shape, k / n_steps, dtype=x0.dtype)
        x += h * model(x, t)
        traj.append(x)
    return torch.stack(traj) if return_traj else x
