# must-fail: test_batch_equals_feature_dim, test_bits_per_dim_histogram_is_code_length, test_bits_per_dim_uniform_density, test_default_arguments, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_public_scores
# why: the per-image bits per dimension are returned as an array of shape (B,), not averaged into one number.
def bits_per_dim(log_px, n_dims, n_bins=256):
    lp = np.asarray(log_px, dtype=np.float64)
    return (-lp / n_dims + np.log(n_bins)) / np.log(2.0)
