# must-fail: test_batch_equals_feature_dim, test_default_arguments, test_dequantize_values, test_float32_and_float64, test_inputs_untouched, test_no_global_rng
# why: the noise passed in is ignored and fresh uniform noise is drawn from NumPy's global generator.
def dequantize(x, u, n_bins=256):
    u = np.asarray(u)
    fresh = np.random.random(u.shape).astype(u.dtype)
    return ((np.asarray(x).astype(u.dtype) + fresh) / u.dtype.type(n_bins)).astype(u.dtype)
