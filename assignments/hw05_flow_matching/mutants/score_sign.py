# must-fail: test_gaussian_score_is_grad_log_density, test_float32_and_float64, test_batch_equals_feature_dim
# why: the sign is flipped: (x - alpha_t z) / beta_t^2 points away from the mean, it is minus the score.
def gaussian_path_score(x, z, t, alpha, beta):
    return (x - alpha(t) * z) / beta(t) ** 2
