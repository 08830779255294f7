# must-fail: test_batch_equals_feature_dim, test_default_arguments, test_dequantize_values, test_float32_and_float64, test_inputs_untouched, test_no_global_rng
# why: divides by n_bins - 1 (the usual x / 255 scaling of images) instead of n_bins: values reach above 1.
def dequantize(x, u, n_bins=256):
    u = np.asarray(u)
    return ((np.asarray(x).astype(u.dtype) + u) / u.dtype.type(n_bins - 1)).astype(u.dtype)
