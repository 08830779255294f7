# must-fail: test_float32_inputs_float64_results
# why: returns the parameters and history in the dtype of x: float32 inputs give float32 results.
_em_ok = em_gmm


def em_gmm(x, weights, means, covs, n_iter, reg_covar=1e-6):
    dt = np.asarray(x).dtype
    params, history = _em_ok(x, weights, means, covs, n_iter, reg_covar)
    return tuple(a.astype(dt) for a in params), history.astype(dt)
