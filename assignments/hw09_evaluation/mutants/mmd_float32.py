# must-fail: test_numbers_computed_in_float64
# why: the kernels are computed in the dtype of the inputs: float32 features give a float32 estimate (round-off about 1e-7 of the kernel's size), not one computed in float64.
def mmd2_unbiased(x, y):
    x = np.asarray(x)
    y = np.asarray(y)
    d = x.shape[1]
    m, n = x.shape[0], y.shape[0]
    kxx = (x @ x.T / d + 1.0) ** 3
    kyy = (y @ y.T / d + 1.0) ** 3
    kxy = (x @ y.T / d + 1.0) ** 3
    term_x = (kxx.sum() - np.trace(kxx)) / (m * (m - 1))
    term_y = (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
    return float(term_x + term_y - 2.0 * kxy.mean())
