# must-fail: test_batch_equals_feature_dim, test_bits_per_dim_histogram_is_code_length, test_bits_per_dim_uniform_density, test_default_arguments, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_public_scores
# why: the rescaling is counted as log2(n_bins - 1) bits per dimension (the x / 255 habit): with n_bins = 1 this is log 0 = -inf instead of the plain continuous conversion, and 256 levels give log2(255).
def bits_per_dim(log_px, n_dims, n_bins=256):
    lp = np.asarray(log_px, dtype=np.float64)
    with np.errstate(divide="ignore"):
        shift = np.log(n_bins - 1.0)
    return float(np.mean(-lp / n_dims + shift) / np.log(2.0))
