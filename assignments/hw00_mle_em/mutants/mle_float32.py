# must-fail: test_float32_inputs_float64_results
# why: computes in the dtype of its input: float32 inputs give float32 results.
def gaussian_mle(x):
    mu = x.mean(axis=0)
    xc = x - mu
    return mu, xc.T @ xc / x.shape[0]
