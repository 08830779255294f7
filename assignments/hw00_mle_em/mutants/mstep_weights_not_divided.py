# must-fail: test_mstep_matches_formula, test_mstep_one_hot_is_cluster_mle
# why: the weights are N_k (the soft counts), not N_k / n.
_m_step_ok = m_step


def m_step(x, resp, reg_covar=1e-6):
    w, means, covs = _m_step_ok(x, resp, reg_covar)
    return w * np.asarray(x).shape[0], means, covs
