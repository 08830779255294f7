# must-fail: test_gaussian_velocity_is_path_derivative, test_gaussian_velocity_consistent_with_linear_path, test_float32_and_float64, test_batch_equals_feature_dim
# why: the coefficient of z is dalpha - dbeta / beta instead of dalpha - (dbeta / beta) alpha.
def gaussian_path_velocity(x, z, t, alpha, beta, dalpha, dbeta):
    b, db = beta(t), dbeta(t)
    return (dalpha(t) - db / b) * z + (db / b) * x
