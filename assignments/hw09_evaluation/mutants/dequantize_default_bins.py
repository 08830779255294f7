# must-fail: test_batch_equals_feature_dim, test_default_arguments, test_float32_and_float64, test_inputs_untouched, test_no_global_rng
# why: the default number of levels is 255 instead of 256 (8-bit images have 256 levels).
def dequantize(x, u, n_bins=255):
    u = np.asarray(u)
    return ((np.asarray(x).astype(u.dtype) + u) / u.dtype.type(n_bins)).astype(u.dtype)
