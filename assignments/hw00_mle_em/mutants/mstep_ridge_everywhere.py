# must-fail: test_mstep_ridge
# why: adds reg_covar to every entry of the covariance (reg * ones) instead of to its diagonal.
_m_step_ok = m_step


def m_step(x, resp, reg_covar=1e-6):
    w, means, covs = _m_step_ok(x, resp, 0.0)
    return w, means, covs + reg_covar
