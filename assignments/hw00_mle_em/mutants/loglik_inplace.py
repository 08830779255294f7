# must-fail: test_inputs_untouched
# why: centres the data on the first mean in place while computing the log-likelihood.
_loglik_ok = gmm_log_likelihood


def gmm_log_likelihood(x, weights, means, covs):
    out = _loglik_ok(x, weights, means, covs)
    if isinstance(x, np.ndarray):
        x -= np.asarray(means)[0]
    return out
