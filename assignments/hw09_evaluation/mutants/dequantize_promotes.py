# must-fail: test_dequantize_values, test_float32_and_float64, test_inputs_untouched
# why: (x + u) / n_bins with integer x: NumPy promotes int64 + float32 to float64, so float32 noise gives a float64 result instead of the dtype of u.
def dequantize(x, u, n_bins=256):
    return (np.asarray(x) + np.asarray(u)) / n_bins
