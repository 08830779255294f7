# must-fail: test_mstep_matches_formula
# why: the covariance of component k averages (x_i - mu_k)(x_i - mu_k)^T over all points, ignoring the responsibilities.
_m_step_ok = m_step


def m_step(x, resp, reg_covar=1e-6):
    x = np.asarray(x, dtype=np.float64)
    w, means, _ = _m_step_ok(x, resp, reg_covar)
    d = x.shape[1]
    covs = np.array([(x - m).T @ (x - m) / x.shape[0] + reg_covar * np.eye(d) for m in means])
    return w, means, covs
