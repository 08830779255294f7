# must-fail: test_loglik_matches_scipy, test_loglik_one_component_is_gaussian, test_public_log_likelihood_standard_normal
# why: returns the mean over the points instead of the total.
def gmm_log_likelihood(x, weights, means, covs):
    return float(logsumexp(_log_joint(x, weights, means, covs), axis=1).mean())
