# must-fail: test_batch_equals_feature_dim, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_public_scores, test_wasserstein_1d_matches_scipy, test_wasserstein_1d_shift_is_abs_c
# why: the mean signed gap of the sorted samples, mean(x_(i) - y_(i)), without the absolute value: a shift by c > 0 gives -c, not |c|.
def wasserstein_1d(x, y):
    x = np.sort(np.asarray(x, dtype=np.float64).ravel())
    y = np.sort(np.asarray(y, dtype=np.float64).ravel())
    return float((x - y).mean())
