# must-fail: test_gaussian_velocity_is_path_derivative, test_batch_equals_feature_dim, test_gaussian_velocity_consistent_with_linear_path, test_inputs_untouched, test_float32_and_float64, test_no_global_rng
# why: the schedule values are flattened to shape (B,), which broadcasts against the feature axis.
def gaussian_path_velocity(x, z, t, alpha, beta, dalpha, dbeta):
    a, b, da, db = (f(t).reshape(-1) for f in (alpha, beta, dalpha, dbeta))
    return (da - db / b * a) * z + (db / b) * x
