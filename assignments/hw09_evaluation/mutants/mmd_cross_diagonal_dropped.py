# must-fail: test_batch_equals_feature_dim, test_float32_and_float64, test_inputs_untouched, test_mmd2_unbiased_shift_and_symmetry, test_mmd2_unbiased_values, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance
# why: the pairs (x_i, y_i) with the same index are also dropped from the cross term (there is no diagonal to remove there).
def mmd2_unbiased(x, y):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    d = x.shape[1]
    m, n = x.shape[0], y.shape[0]
    kxx = (x @ x.T / d + 1.0) ** 3
    kyy = (y @ y.T / d + 1.0) ** 3
    kxy = (x @ y.T / d + 1.0) ** 3
    off = ~np.eye(m, n, dtype=bool)
    term_x = (kxx.sum() - np.trace(kxx)) / (m * (m - 1))
    term_y = (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
    return float(term_x + term_y - 2.0 * kxy[off].mean())
