# must-fail: test_mstep_matches_formula, test_mstep_one_hot_is_cluster_mle
# why: the weighted covariance is normalised by N_k - 1 (unbiased) instead of N_k.
def m_step(x, resp, reg_covar=1e-6):
    x = np.asarray(x, dtype=np.float64)
    resp = np.asarray(resp, dtype=np.float64)
    n, d = x.shape
    nk = resp.sum(0)
    means = resp.T @ x / nk[:, None]
    covs = np.array([
        (resp[:, k, None] * (x - means[k])).T @ (x - means[k]) / max(nk[k] - 1, 1e-3) + reg_covar * np.eye(d)
        for k in range(resp.shape[1])
    ])
    return nk / n, means, covs
