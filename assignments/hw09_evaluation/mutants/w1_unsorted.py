# must-fail: test_batch_equals_feature_dim, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_public_scores, test_wasserstein_1d_matches_scipy, test_wasserstein_1d_shift_is_abs_c
# why: the samples are matched in the order given, not sorted: mean |x_i - y_i|.
def wasserstein_1d(x, y):
    return float(np.abs(np.asarray(x, dtype=np.float64) - np.asarray(y, dtype=np.float64)).mean())
