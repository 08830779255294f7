# must-fail: test_float32_inputs_float64_results
# why: returns the responsibilities in the dtype of x: float32 inputs give float32 results.
_e_step_ok = e_step


def e_step(x, weights, means, covs):
    return _e_step_ok(x, weights, means, covs).astype(np.asarray(x).dtype)
