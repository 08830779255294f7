# must-fail: test_batch_equals_feature_dim, test_default_arguments, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_public_scores
# why: the default number of levels is 255 instead of 256: the uniform density costs log2(255) bits per dimension, not 8.
def bits_per_dim(log_px, n_dims, n_bins=255):
    lp = np.asarray(log_px, dtype=np.float64)
    return float(np.mean(-lp / n_dims + np.log(n_bins)) / np.log(2.0))
