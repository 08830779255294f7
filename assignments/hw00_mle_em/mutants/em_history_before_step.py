# must-fail: test_em_matches_iterated_steps, test_em_monotone
# why: records the log-likelihood of the parameters before each iteration (history[t] = l(theta_{t-1})): the last one is never recorded.
def em_gmm(x, weights, means, covs, n_iter, reg_covar=1e-6):
    params = tuple(np.array(a, dtype=np.float64) for a in (weights, means, covs))
    history = [gmm_log_likelihood(x, *params)]
    for _ in range(n_iter):
        history.append(gmm_log_likelihood(x, *params))
        params = m_step(x, e_step(x, *params), reg_covar)
    return params, np.array(history, dtype=np.float64)
