# must-fail: test_loglik_matches_scipy, test_loglik_one_component_is_gaussian
# why: the log-determinant is not halved: -0.5 (d log 2 pi + quad) - log det Sigma.
def gmm_log_likelihood(x, weights, means, covs):
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[1]
    cols = []
    for w, m, c in zip(weights, means, covs):
        chol = np.linalg.cholesky(c)
        z = np.linalg.solve(chol, (x - m).T)
        logdet = 2.0 * np.log(np.diag(chol)).sum()
        with np.errstate(divide="ignore"):
            cols.append(np.log(w) - 0.5 * (d * np.log(2 * np.pi) + (z * z).sum(0)) - logdet)
    return float(logsumexp(np.stack(cols, 1), axis=1).sum())
