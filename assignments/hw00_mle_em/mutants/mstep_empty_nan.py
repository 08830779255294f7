# must-fail: test_mstep_empty_component, test_em_far_component_switched_off
# why: no rule for an empty component: its mean and covariance are 0 / 0 = nan.
def m_step(x, resp, reg_covar=1e-6):
    x = np.asarray(x, dtype=np.float64)
    resp = np.asarray(resp, dtype=np.float64)
    n, d = x.shape
    nk = resp.sum(0)
    with np.errstate(all="ignore"):
        means = resp.T @ x / nk[:, None]
        covs = np.array([
            (resp[:, k, None] * (x - means[k])).T @ (x - means[k]) / nk[k] + reg_covar * np.eye(d)
            for k in range(resp.shape[1])
        ])
    return nk / n, means, covs
