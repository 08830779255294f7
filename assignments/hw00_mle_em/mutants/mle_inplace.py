# must-fail: test_inputs_untouched
# why: centres the data in place (x -= mu), modifying the caller's array.
def gaussian_mle(x):
    if x.dtype != np.float64:
        x = x.astype(np.float64)
    mu = x.mean(axis=0)
    x -= mu
    return mu, x.T @ x / x.shape[0]
