# must-fail: test_batch_equals_feature_dim, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_wasserstein_1d_matches_scipy, test_wasserstein_1d_shift_is_abs_c
# why: the mean squared gap of the sorted samples (W2^2), not the mean absolute gap.
def wasserstein_1d(x, y):
    x = np.sort(np.asarray(x, dtype=np.float64))
    y = np.sort(np.asarray(y, dtype=np.float64))
    return float(((x - y) ** 2).mean())
