# must-fail: test_inputs_untouched
# why: the samples are sorted in place (x.sort()): the value is right but the caller's arrays come back reordered.
def wasserstein_1d(x, y):
    x.sort()
    y.sort()
    return float(np.abs(np.asarray(x, dtype=np.float64) - np.asarray(y, dtype=np.float64)).mean())
