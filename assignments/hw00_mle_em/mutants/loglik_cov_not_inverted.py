# must-fail: test_loglik_matches_scipy
# why: the quadratic form uses Sigma instead of its inverse: (x - mu)^T Sigma (x - mu).
def gmm_log_likelihood(x, weights, means, covs):
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[1]
    cols = []
    for w, m, c in zip(weights, means, covs):
        xc = x - m
        quad = np.einsum("ni,ij,nj->n", xc, c, xc)
        with np.errstate(divide="ignore"):
            cols.append(np.log(w) - 0.5 * (d * np.log(2 * np.pi) + np.linalg.slogdet(c)[1] + quad))
    return float(logsumexp(np.stack(cols, 1), axis=1).sum())
