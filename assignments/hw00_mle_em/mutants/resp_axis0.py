# must-fail: test_resp_matches_bayes, test_resp_rows_sum_to_one, test_public_e_step_symmetric
# why: normalises the responsibilities over the points (axis 0) instead of over the components: columns sum to 1, rows do not.
def e_step(x, weights, means, covs):
    log_joint = _log_joint(x, weights, means, covs)
    return np.exp(log_joint - logsumexp(log_joint, axis=0, keepdims=True))
