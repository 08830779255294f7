# must-fail: test_batch_equals_feature_dim, test_bits_per_dim_histogram_is_code_length, test_bits_per_dim_uniform_density, test_default_arguments, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_public_scores
# why: the log(n_bins) per dimension of the rescaling to [0, 1)^D is forgotten: -log p / (D log 2).
def bits_per_dim(log_px, n_dims, n_bins=256):
    lp = np.asarray(log_px, dtype=np.float64)
    return float(np.mean(-lp / n_dims) / np.log(2.0))
