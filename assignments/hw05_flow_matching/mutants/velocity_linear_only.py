# must-fail: test_gaussian_velocity_is_path_derivative, test_float32_and_float64
# why: hard-codes the linear path, (z - x) / (1 - t), and ignores the schedules alpha, beta passed in.
def gaussian_path_velocity(x, z, t, alpha, beta, dalpha, dbeta):
    return (z - x) / (1 - t)
