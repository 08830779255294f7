# must-fail: test_resp_matches_bayes, test_em_matches_iterated_steps
# why: forgets the mixing weights pi_k in the E-step (the posterior of equal weights).
def e_step(x, weights, means, covs):
    log_dens = _log_gaussians(x, means, covs)
    return np.exp(log_dens - logsumexp(log_dens, axis=1, keepdims=True))
