# must-fail: test_gaussian_score_is_grad_log_density, test_batch_equals_feature_dim
# why: the schedules are evaluated on t flattened to shape (B,), which broadcasts against the feature axis.
def gaussian_path_score(x, z, t, alpha, beta):
    t = t.reshape(-1)
    return -(x - alpha(t) * z) / beta(t) ** 2
