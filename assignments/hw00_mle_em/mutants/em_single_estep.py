# must-fail: test_em_matches_iterated_steps
# why: computes the responsibilities once, before the loop, and then repeats the same M-step.
def em_gmm(x, weights, means, covs, n_iter, reg_covar=1e-6):
    params = tuple(np.array(a, dtype=np.float64) for a in (weights, means, covs))
    history = [gmm_log_likelihood(x, *params)]
    resp = e_step(x, *params)
    for _ in range(n_iter):
        params = m_step(x, resp, reg_covar)
        history.append(gmm_log_likelihood(x, *params))
    return params, np.array(history, dtype=np.float64)
