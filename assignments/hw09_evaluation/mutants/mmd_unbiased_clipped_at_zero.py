# must-fail: test_batch_equals_feature_dim, test_float32_and_float64, test_inputs_untouched, test_mmd2_unbiased_mean_zero_on_same_distribution, test_mmd2_unbiased_values, test_numbers_computed_in_float64, test_permutation_invariance
# why: the unbiased estimate is clipped at 0 (max(., 0), as if MMD^2 could not be negative): it is never negative and averages > 0 on equal distributions.
def mmd2_unbiased(x, y):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    d = x.shape[1]
    m, n = x.shape[0], y.shape[0]
    kxx = (x @ x.T / d + 1.0) ** 3
    kyy = (y @ y.T / d + 1.0) ** 3
    kxy = (x @ y.T / d + 1.0) ** 3
    term_x = (kxx.sum() - np.trace(kxx)) / (m * (m - 1))
    term_y = (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
    return max(float(term_x + term_y - 2.0 * kxy.mean()), 0.0)
