# must-fail: test_batch_equals_feature_dim, test_float32_and_float64, test_inputs_untouched, test_mmd2_biased_nonnegative_zero_for_same_rows, test_mmd2_biased_values, test_mmd2_unbiased_shift_and_symmetry, test_mmd2_unbiased_values, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance
# why: the KID kernel without the 1/d scaling: (x . y + 1)^3.
def _kid(a, b):
    return (a @ b.T + 1.0) ** 3


def mmd2_unbiased(x, y):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    m, n = x.shape[0], y.shape[0]
    kxx, kyy, kxy = _kid(x, x), _kid(y, y), _kid(x, y)
    return float((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1)) - 2.0 * kxy.mean())


def mmd2_biased(x, y):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    return float(_kid(x, x).mean() + _kid(y, y).mean() - 2.0 * _kid(x, y).mean())
