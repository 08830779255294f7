# must-fail: test_inputs_untouched
# why: the noise array u is overwritten in place with the result.
def dequantize(x, u, n_bins=256):
    u += x
    u /= n_bins
    return u
