# must-fail: test_mstep_matches_formula, test_mstep_one_hot_is_cluster_mle
# why: the covariance of every component is centred on the mean of all the data instead of on mu_k.
_m_step_ok = m_step


def m_step(x, resp, reg_covar=1e-6):
    x = np.asarray(x, dtype=np.float64)
    resp = np.asarray(resp, dtype=np.float64)
    w, means, _ = _m_step_ok(x, resp, reg_covar)
    xc = x - x.mean(0)
    d = x.shape[1]
    nk = resp.sum(0)
    covs = np.array([(resp[:, k, None] * xc).T @ xc / nk[k] + reg_covar * np.eye(d) for k in range(resp.shape[1])])
    return w, means, covs
