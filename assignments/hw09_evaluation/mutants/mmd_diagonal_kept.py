# must-fail: test_batch_equals_feature_dim, test_float32_and_float64, test_inputs_untouched, test_mmd2_unbiased_mean_zero_on_same_distribution, test_mmd2_unbiased_shift_and_symmetry, test_mmd2_unbiased_values, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance
# why: the "unbiased" estimate keeps the diagonal terms k(x_i, x_i) and k(y_j, y_j): it is the biased estimate with unbiased normalisers.
def mmd2_unbiased(x, y):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    d = x.shape[1]
    m, n = x.shape[0], y.shape[0]
    kxx = (x @ x.T / d + 1.0) ** 3
    kyy = (y @ y.T / d + 1.0) ** 3
    kxy = (x @ y.T / d + 1.0) ** 3
    return float(kxx.sum() / (m * (m - 1)) + kyy.sum() / (n * (n - 1)) - 2.0 * kxy.mean())
