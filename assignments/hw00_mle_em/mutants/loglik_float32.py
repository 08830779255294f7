# must-fail: test_float32_inputs_float64_results
# why: computes the log-likelihood in the dtype of its input: float32 inputs give a float32-rounded total.
_loglik_ok = gmm_log_likelihood


def gmm_log_likelihood(x, weights, means, covs):
    dt = np.asarray(x).dtype
    a = (
        np.asarray(x, dtype=dt),
        np.asarray(weights, dtype=dt),
        np.asarray(means, dtype=dt),
        np.asarray(covs, dtype=dt),
    )
    return float(np.float32(_loglik_ok(*a))) if dt == np.float32 else _loglik_ok(*a)
