# must-fail: test_em_matches_iterated_steps, test_em_fixed_point_separable
# why: em_gmm's default reg_covar is 0 instead of 1e-6 (the default of m_step).
_em_ok = em_gmm


def em_gmm(x, weights, means, covs, n_iter, reg_covar=0.0):
    return _em_ok(x, weights, means, covs, n_iter, reg_covar)
