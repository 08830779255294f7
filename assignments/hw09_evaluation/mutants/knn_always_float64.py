# must-fail: test_float32_and_float64, test_inputs_untouched
# why: the radii come back in float64 whatever the dtype of x (scipy's cdist computes in float64).
def knn_radii(x, k):
    d = cdist(x, x)
    np.fill_diagonal(d, np.inf)
    return np.sort(d, axis=1)[:, k - 1]
