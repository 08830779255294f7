# must-fail: test_inputs_untouched
# why: updates the initial means array in place instead of returning new arrays.
_em_ok = em_gmm


def em_gmm(x, weights, means, covs, n_iter, reg_covar=1e-6):
    params, history = _em_ok(x, weights, means, covs, n_iter, reg_covar)
    if isinstance(means, np.ndarray):
        means[...] = params[1]
    return params, history
