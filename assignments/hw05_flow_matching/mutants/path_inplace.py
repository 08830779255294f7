# must-fail: test_inputs_untouched
# why: computes x_t in the caller's x0 (mul_ then add_): right value, but the noise passed in is overwritten.
def sample_path(x0, x1, t):
    return x0.mul_(1 - t).add_(t * x1)
