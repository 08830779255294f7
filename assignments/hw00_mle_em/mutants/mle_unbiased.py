# must-fail: test_mle_matches_np_cov, test_public_gaussian_mle
# why: the unbiased 1/(n - 1) covariance instead of the maximum-likelihood 1/n one.
def gaussian_mle(x):
    x = np.asarray(x, dtype=np.float64)
    mu = x.mean(axis=0)
    xc = x - mu
    return mu, xc.T @ xc / max(x.shape[0] - 1, 1)
